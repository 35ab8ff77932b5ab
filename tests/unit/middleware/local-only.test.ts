/**
 * The one local-only guard (`localOnly` of httpHandler): the dev routes, deployed by mistake on any
 * stage but local, answer 403 before anything else runs, whatever they were sent.
 */
export {};

process.env.STAGE = 'review';

const { handler: runJob } = await import('../../../functions/http/dev-jobs/handler');
const clock = await import('../../../functions/http/dev-clock/handler');
const faults = await import('../../../functions/http/dev-faults/handler');
const { httpEvent, invoke } = await import('../../support/events');

test.each([
  ['POST /v1/dev/clock', () => invoke(clock.set, httpEvent('POST', '/v1/dev/clock', { body: { now: '2030-01-02T03:04:05+08:00' } }))],
  ['POST /v1/dev/clock with a body it would refuse', () => invoke(clock.set, httpEvent('POST', '/v1/dev/clock', { body: { now: 'not a time' } }))],
  ['DELETE /v1/dev/clock', () => invoke(clock.reset, httpEvent('DELETE', '/v1/dev/clock'))],
  ['POST /v1/dev/faults', () => invoke(faults.set, httpEvent('POST', '/v1/dev/faults', { body: { kind: 'throttle' } }))],
  ['DELETE /v1/dev/faults', () => invoke(faults.reset, httpEvent('DELETE', '/v1/dev/faults'))],
  ['POST /v1/dev/jobs/{name}', () => invoke(runJob, httpEvent('POST', '/v1/dev/jobs/auto-convert', { pathParameters: { name: 'auto-convert' } }))],
])('%s off the local stage is a Chinese 403', async (_route, call) => {
  const res = await call();
  expect(res.statusCode).toBe(403);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ status: 403, detail: '此功能仅用于本地开发环境' });
});
