/** The console's read-only views over HTTP: the risk areas in force and a checkpoint's hourly counters. */
import { call } from '../../support/http';
import { consoleRiskAreas, consoleRulesets } from '../../../shared/api/console';
import { checkpointStatsResponse } from '../../../shared/api/scan-log';
import { shanghaiDay } from '../../../shared/time';
import { rulesetV1 } from '../../../shared/rules/schema';

async function official(subject: string): Promise<string> {
  const res = await call('POST', '/v1/console/sessions', { provider: 'sandbox', subject });
  if (res.status !== 200) throw new Error(`sign-in ${subject}: ${res.status} ${res.text}`);
  return res.body.token as string;
}

test('a viewer reads the risk areas in force, in the console’s shape', async () => {
  const viewer = await official('demo-viewer');
  const res = await call('GET', '/v1/console/risk-areas', undefined, { token: viewer });
  expect(res.status).toBe(200);
  const view = consoleRiskAreas.parse(res.body);
  for (const area of view.areas) expect(area.name.length).toBeGreaterThan(0);
  expect((await call('GET', '/v1/console/risk-areas')).status).toBe(401);
});

test('a viewer reads a checkpoint’s day; an unknown checkpoint is a 404 and a missing day a 400, in Chinese', async () => {
  const viewer = await official('demo-viewer');
  const day = shanghaiDay(new Date());
  const res = await call('GET', `/v1/console/checkpoints/demo-gate/stats?day=${day}`, undefined, { token: viewer });
  expect(res.status).toBe(200);
  expect(checkpointStatsResponse.parse(res.body)).toMatchObject({ checkpointId: 'demo-gate', day, timeZone: 'Asia/Shanghai' });
  const unknown = await call('GET', `/v1/console/checkpoints/no-such-gate/stats?day=${day}`, undefined, { token: viewer });
  expect(unknown).toMatchObject({ status: 404, body: { detail: '没有这个卡口' } });
  const noDay = await call('GET', '/v1/console/checkpoints/demo-gate/stats', undefined, { token: viewer });
  expect(noDay.status).toBe(400);
  expect(noDay.body.title).toBe('请求内容有误');
});

test('a viewer reads the ruleset versions without their documents, the active one among them', async () => {
  const viewer = await official('demo-viewer');
  const res = await call('GET', '/v1/console/rulesets', undefined, { token: viewer });
  expect(res.status).toBe(200);
  const view = consoleRulesets.parse(res.body);
  // Before any activation the engine uses the built-in ruleset, and the view says which.
  if (view.builtIn) expect(view.active).toBe(rulesetV1.version);
  else expect(view.rulesets.find((r) => r.version === view.active)).toMatchObject({ state: 'active' });
  for (const r of view.rulesets) expect(['scheduled', 'active', 'superseded']).toContain(r.state);
  expect(res.text).not.toContain('thresholds');
});
