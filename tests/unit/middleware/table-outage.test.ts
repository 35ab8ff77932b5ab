/**
 * A table outage on the local stage, in-process: the handlers of this file talk to a loopback port
 * nothing listens on (a DynamoDB Local that died). The dev clock lives in the table, so its read fails
 * before any handler runs: health must still answer 200 "degraded" with its reason, and every other
 * route the same Chinese 503 problem+json as any other failed table call.
 */
import { freePort } from '../../../scripts/lib/dynamodb-local';

// Set before any handler reads its configuration (config() and the shared client are created on first use).
const deadPort = await freePort();
process.env.DYNAMODB_ENDPOINT = `http://127.0.0.1:${deadPort}`;
process.env.STAGE = 'local';

const { handler: health } = await import('../../../functions/http/health/handler');
const { handler: status } = await import('../../../functions/http/resident-status/handler');
const { handler: keysRoute } = await import('../../../functions/http/keys/handler');
const { httpEvent, invoke } = await import('../../support/events');
const { TABLE_UNREACHABLE } = await import('../../../functions/core/health');

test('health answers 200 "degraded" with the reason while the table does not answer', async () => {
  const res = await invoke(health, httpEvent('GET', '/v1/health'));
  expect(res.statusCode).toBe(200);
  expect(res.json).toMatchObject({ status: 'degraded', stage: 'local', table: { reachable: false }, reason: TABLE_UNREACHABLE });
  expect(Number.isNaN(Date.parse(res.json.time))).toBe(false);
}, 30_000);

test.each([
  ['GET /v1/resident/status', () => invoke(status, httpEvent('GET', '/v1/resident/status', { headers: { authorization: 'Bearer x.y.z' } }))],
  ['GET /v1/keys', () => invoke(keysRoute, httpEvent('GET', '/v1/keys'))],
])('%s answers a Chinese 503 problem+json, not a crash', async (_route, call) => {
  const res = await call();
  expect(res.statusCode).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ status: 503, title: '服务繁忙', type: 'https://health-code.lishui.example/problems/unavailable' });
  expect(res.json.detail).toMatch(/[\u4e00-\u9fff]/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
}, 30_000);
