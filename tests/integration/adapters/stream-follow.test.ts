/**
 * The local stack follows its table stream to a new shard. DynamoDB Local closes a stream shard and
 * opens the next one every 4 hours, and serverless-offline-dynamodb-streams reads only the shards
 * listed when the API started, so `npm start` restarts the API when the shards change
 * (scripts/lib/stack.ts). A rollover cannot be hurried, so this test changes the shards the other way
 * the watcher sees, by switching the stream off and on, on a stack of its own: checkpoint statistics
 * keep counting afterwards, nothing is counted twice, and a stop during a restart is prompt.
 */
import { randomBytes } from 'node:crypto';
import { DescribeTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalStack, type LocalStack } from '../../../scripts/lib/stack';
import { localDocumentClient } from '../../../scripts/lib/table-admin';
import { portInUse } from '../../../scripts/lib/dynamodb-local';
import { STREAM_VIEW } from '../../../functions/adapters/table';
import { keys } from '../../../functions/adapters/keys';
import { dynamoScanLog } from '../../../functions/adapters/scan-log';
import { eventually } from '../../support/eventually';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ streamWatchMs: 500 });
}, 360_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

test('after the stream changes shards, the API restarts and the statistics keep counting, once each', async () => {
  const db = localDocumentClient(stack.dynamoEndpoint);
  const log = dynamoScanLog(db, stack.tableName);
  const gate = `follow-${randomBytes(4).toString('hex')}`;
  const at = '2026-04-01T02:10:00.000Z'; // 10:10 in Shanghai
  const scan = (outcome: string) =>
    db.send(new PutCommand({ TableName: stack.tableName, Item: { ...keys.scan('sandbox:follow', at, randomBytes(4).toString('hex')), at, checkpointId: gate, outcome, kind: 'code' } }));
  const counts = () => log.hourlyCounts(gate, '2026-04-01');
  const switchStreamOffAndOn = async () => {
    await db.send(new UpdateTableCommand({ TableName: stack.tableName, StreamSpecification: { StreamEnabled: false } }));
    await db.send(new UpdateTableCommand({ TableName: stack.tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW } }));
    const table = await db.send(new DescribeTableCommand({ TableName: stack.tableName }));
    expect(table.Table?.StreamSpecification?.StreamEnabled).toBe(true);
  };
  const passes = (n: number) => (value: Awaited<ReturnType<typeof counts>>) => value[0]?.pass === n;

  await scan('pass');
  expect(await eventually(counts, passes(1), 30_000)).toEqual([{ hour: '10', pass: 1, stop: 0, invalid: 0 }]);
  expect(stack.apiRestarts).toBe(0);

  // A new stream (new ARN, new shard): what the reader started with is gone.
  await switchStreamOffAndOn();

  await eventually(async () => stack.apiRestarts, (n) => n >= 1, 360_000, 500);
  expect(stack.apiRestarts).toBe(1);

  await scan('pass');
  await scan('stop');
  expect(await eventually(counts, (value) => value[0]?.pass === 2 && value[0]?.stop === 1, 60_000)).toEqual([{ hour: '10', pass: 2, stop: 1, invalid: 0 }]);
  // Nothing arrives twice a little later either.
  await new Promise((r) => setTimeout(r, 3000));
  expect(await counts()).toEqual([{ hour: '10', pass: 2, stop: 1, invalid: 0 }]);
  // The restarted API answers on the same address.
  expect((await fetch(`${stack.apiUrl}/v1/health`, { headers: { connection: 'close' } })).status).toBe(200);

  // Stopping the stack while a restart is under way stops the half-started API too, without waiting
  // for it to come up.
  await switchStreamOffAndOn();
  const down = await eventually(
    () => fetch(`${stack.apiUrl}/v1/health`, { headers: { connection: 'close' } }).then((res) => res.status, () => 0),
    (status) => status === 0,
    30_000,
    100,
  );
  expect(down).toBe(0);
  const stopAt = Date.now();
  await stack.stop();
  expect(Date.now() - stopAt).toBeLessThan(10_000);
  expect(stack.apiRestarts).toBe(1);
  expect(await portInUse(Number(new URL(stack.apiUrl).port))).toBe(false);
  db.destroy();
}, 480_000);
