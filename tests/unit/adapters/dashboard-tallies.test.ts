/** The dashboard's counter arithmetic on stream images (functions/adapters/colour-stats.ts, feed-stats.ts). */
import { gzipSync } from 'node:zlib';
import { countyBucket, tallyCountyChanges } from '../../../functions/adapters/colour-stats';
import { answerCounts, tallyFeedEvents } from '../../../functions/adapters/feed-stats';

const at = new Date('2026-03-02T10:00:00+08:00');

test('county buckets: Lishui counties by code; the city itself, elsewhere and nothing go to other', () => {
  expect(countyBucket('331121')).toBe('331121');
  expect(['331100', '330102', '110101', undefined, 42].map(countyBucket)).toEqual(['other', 'other', 'other', 'other', 'other']);
});

test('a colour change moves one resident between (county, colour) totals and nets on the day; a county move too', () => {
  const t = tallyCountyChanges([
    { old: undefined, next: { color: 'green', county: '331102' }, at },
    { old: { color: 'green', county: '331102' }, next: { color: 'red', county: '331102' }, at },
    { old: { color: 'red', county: '331102' }, next: { color: 'red', county: '331181' }, at },
    { old: { color: 'red', county: '331181' }, next: { color: 'red', county: '331181' }, at },
  ]);
  expect(t.total.get('331102')).toEqual({ green: 0, yellow: 0, red: 0 });
  expect(t.total.get('331181')).toEqual({ green: 0, yellow: 0, red: 1 });
  expect(t.net.get('331181|2026-03-02')).toEqual({ green: 0, yellow: 0, red: 1 });
  expect(t.net.get('331102|2026-03-02')).toEqual({ green: 0, yellow: 0, red: 0 });
});

test('due days follow the clearance of residents not green, and leave when they turn green', () => {
  const yellow = (earliestAt: string) => ({ color: 'yellow', county: '331102', clearance: { earliestAt } });
  const t = tallyCountyChanges([
    { old: undefined, next: yellow('2026-03-03T00:00:00+08:00'), at },
    { old: yellow('2026-03-03T00:00:00+08:00'), next: yellow('2026-03-04T00:00:00+08:00'), at },
    { old: yellow('2026-03-01T00:00:00+08:00'), next: { color: 'green', county: '331102' }, at },
  ]);
  expect(Object.fromEntries(t.due)).toEqual({ '2026-03-03': 0, '2026-03-04': 1, '2026-03-01': -1 });
});

test('a feed counts once its receipt gets an answer; history entries of the feed that change colour add to it', () => {
  const answer = gzipSync(JSON.stringify({ feedId: 'f1', accepted: 3, rejected: [{ index: 3 }], affected: 2 }));
  expect(answerCounts(answer)).toEqual({ accepted: 3, affected: 2, rejected: 1 });
  expect(answerCounts(new Uint8Array([1, 2, 3]))).toBeUndefined();
  const t = tallyFeedEvents([
    { sk: 'FEED', eventName: 'INSERT', next: { feedId: 'f1', type: 'close-contact', receivedAt: '2026-03-02T02:00:00.000Z' } },
    { sk: 'FEED', eventName: 'MODIFY', old: { feedId: 'f1' }, next: { feedId: 'f1', type: 'close-contact', receivedAt: '2026-03-02T02:00:00.000Z', answer } },
    { sk: 'HIST#a', eventName: 'INSERT', next: { from: 'green', to: 'red', cause: { kind: 'feed', ref: 'f1' } } },
    { sk: 'HIST#b', eventName: 'INSERT', next: { from: 'red', to: 'red', cause: { kind: 'feed', ref: 'f1' } } },
    { sk: 'HIST#c', eventName: 'INSERT', next: { from: 'green', to: 'yellow', cause: { kind: 'declaration' } } },
  ]);
  expect([...t.completions.values()]).toEqual([{ feedId: 'f1', type: 'close-contact', at: '2026-03-02T02:00:00.000Z', records: 3, people: 2, rejected: 1 }]);
  expect(Object.fromEntries(t.changes)).toEqual({ f1: { green: 0, yellow: 0, red: 1 } });
});
