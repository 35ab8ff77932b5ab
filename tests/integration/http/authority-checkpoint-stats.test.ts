/**
 * The stats route in-process against DynamoDB Local. Scan items written by the scan log reach the
 * counters through the table's stream (the local stack's stream reader runs functions/jobs/scan-stats),
 * so the figures are read until they arrive.
 */
import { randomBytes } from 'node:crypto';
import { httpEvent, invoke } from '../../support/events';
import { handler } from '../../../functions/http/authority-checkpoint-stats/handler';
import { dynamoScanLog } from '../../../functions/adapters/scan-log';
import { createDocumentClient } from '../../../functions/adapters/dynamo';
import { checkpoint } from '../../support/inspector-fixtures';
import { eventually } from '../../support/eventually';

// A generous deadline: this machine is shared.
const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT, requestTimeoutMs: 15_000 });
const log = dynamoScanLog(db, process.env.TABLE_NAME!);
const authority = { 'x-authority-key': 'local-authority-key' };

const stats = (id: string, day: string, headers: Record<string, string> = authority) =>
  invoke(handler as never, httpEvent('GET', `/v1/authority/checkpoints/${id}/stats`, { pathParameters: { id }, query: { day }, headers }));

test('counts per Asia/Shanghai hour, across shards, from the scans recorded', async () => {
  const gate = `it-gate-${randomBytes(4).toString('hex')}`;
  await checkpoint(gate, '测试卡口');
  const base = { inspectorId: 'sandbox:x', checkpointId: gate, kind: 'code' as const };
  // 2026-03-01 23:30 UTC is 07:30 on 2026-03-02 in Shanghai.
  const at = (iso: string) => new Date(iso);
  for (let i = 0; i < 4; i++) {
    await Promise.all(Array.from({ length: 5 }, () => log.record({ ...base, outcome: 'pass', at: at('2026-03-01T23:30:00Z') })));
  }
  await log.record({ ...base, outcome: 'stop', at: at('2026-03-01T23:59:59Z') });
  await log.record({ ...base, outcome: 'invalid', at: at('2026-03-02T01:00:00Z') });
  await log.record({ ...base, outcome: 'pass', at: at('2026-03-01T15:59:59Z') }); // 23:59 on 2026-03-01
  const res = await eventually(() => stats(gate, '2026-03-02'), (r) => r.json?.totals?.invalid === 1 && r.json.totals.pass === 20);
  expect(res.statusCode).toBe(200);
  expect(res.json).toEqual({
    checkpointId: gate,
    day: '2026-03-02',
    timeZone: 'Asia/Shanghai',
    hours: [
      { hour: '07', pass: 20, stop: 1, invalid: 0 },
      { hour: '09', pass: 0, stop: 0, invalid: 1 },
    ],
    totals: { pass: 20, stop: 1, invalid: 1 },
  });
  const dayBefore = await eventually(() => stats(gate, '2026-03-01'), (r) => r.json?.totals?.pass === 1);
  expect(dayBefore.json.totals).toEqual({ pass: 1, stop: 0, invalid: 0 });
});

test('an unknown checkpoint is 404, a bad day 400, no authority key 401', async () => {
  expect((await stats('no-such-gate', '2026-03-02')).statusCode).toBe(404);
  expect((await stats('demo-gate', '2026-13-01')).statusCode).toBe(400);
  expect((await stats('demo-gate', '2026-03-02', {})).statusCode).toBe(401);
});
