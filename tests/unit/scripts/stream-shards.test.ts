/** When the local stack restarts its API to follow the table stream (scripts/lib/stack.ts). */
import { hasNewShard } from '../../../scripts/lib/stack';

const stream = (arn: string, ...ids: string[]) => ({ arn, ids: new Set(ids) });

describe('hasNewShard', () => {
  test('the same shards: no restart', () => {
    expect(hasNewShard(stream('a', 's1', 's2'), stream('a', 's2', 's1'))).toBe(false);
  });
  test('a rollover opens a shard: restart', () => {
    expect(hasNewShard(stream('a', 's1'), stream('a', 's1', 's2'))).toBe(true);
  });
  test('a closed shard trimmed after 24 hours: no restart', () => {
    expect(hasNewShard(stream('a', 's1', 's2'), stream('a', 's2'))).toBe(false);
  });
  test('a new stream (switched off and on): restart', () => {
    expect(hasNewShard(stream('a', 's1'), stream('b', 's1'))).toBe(true);
    expect(hasNewShard(stream(''), stream('b', 's1'))).toBe(true);
  });
});
