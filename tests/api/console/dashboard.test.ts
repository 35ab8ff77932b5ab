/**
 * The dashboard's aggregate routes over HTTP against the local stack: what the table's stream adds
 * to the counters shows up in them. A resident declared in 青田县 and turned red by a close-contact
 * feed moves that county's figures; the feed is listed with the person it touched and the colour it
 * changed; a scan at the demo gate appears in the all-checkpoint hours. Other test files write at
 * the same time, so each figure is compared with its value before (it can only grow by ours or more).
 */
import { randomBytes } from 'node:crypto';
import { client } from '../../support/http';
import { eventually } from '../../support/eventually';
import { profileBody, signIn } from '../../support/resident-fixtures';
import { sandboxInspector } from '../../support/inspector-fixtures';
import { countyStats, feedStats, scanDayStats, type CountyStats } from '../../../shared/api/console-dashboard';
import { shanghaiDay } from '../../../shared/time';

const SCOPE = 'api-console-dashboard';
const api = client(SCOPE);
const QINGTIAN = '331121';

async function viewerToken(): Promise<string> {
  const res = await api.call('POST', '/v1/console/sessions', { provider: 'sandbox', subject: 'demo-viewer' });
  return res.body.token as string;
}

const today = (stats: CountyStats, county: string) => stats.counties.find((c) => c.county === county)!.days.at(-1)!.colours;

test('a county’s colours, the feed’s effects and the scans per checkpoint come from the stream-built counters', async () => {
  const viewer = await viewerToken();
  const counties = async () => countyStats.parse((await api.call('GET', '/v1/console/stats/counties?days=7', undefined, { token: viewer })).body);
  const before = await counties();
  expect(before.counties.map((c) => c.name)).toEqual(['莲都区', '青田县', '缙云县', '遂昌县', '松阳县', '云和县', '庆元县', '景宁畲族自治县', '龙泉市', '外地或未申报']);
  for (const c of before.counties) expect(c.days.map((d) => d.day).at(-1)).toBe(shanghaiDay(new Date()));

  const me = await signIn(SCOPE);
  const profile = profileBody();
  expect((await me.call('POST', '/v1/resident/profile', profile)).status).toBe(201);
  expect((await me.call('POST', '/v1/resident/declarations', { region: QINGTIAN, travel: [], symptoms: [], contactWithCase: false, commitment: true })).body.status.color).toBe('green');
  const greenNow = await eventually(counties, (s) => today(s, QINGTIAN).green >= today(before, QINGTIAN).green + 1);
  expect(today(greenNow, QINGTIAN).green).toBeGreaterThanOrEqual(today(before, QINGTIAN).green + 1);

  const feedId = `dash-${randomBytes(4).toString('hex')}`;
  const now = new Date();
  const feed = await api.call(
    'POST',
    '/v1/authority/feeds',
    { feedId, type: 'close-contact', records: [{ documentType: 'resident-id', documentNumber: profile.documentNumber, at: new Date(now.getTime() - 60_000).toISOString(), lastExposureDay: shanghaiDay(now) }] },
    { headers: { 'x-authority-key': 'local-authority-key' } },
  );
  expect(feed.status).toBe(202);
  expect((await eventually(() => me.call('GET', '/v1/resident/status'), (r) => r.body.color === 'red')).body.color).toBe('red');

  const redNow = await eventually(counties, (s) => today(s, QINGTIAN).red >= today(before, QINGTIAN).red + 1);
  expect(today(redNow, QINGTIAN).red).toBeGreaterThanOrEqual(today(before, QINGTIAN).red + 1);

  const feeds = await eventually(
    async () => feedStats.parse((await api.call('GET', '/v1/console/stats/feeds?days=2', undefined, { token: viewer })).body),
    (s) => s.feeds.some((f) => f.feedId === feedId && f.colourChanges === 1),
  );
  expect(feeds.feeds.find((f) => f.feedId === feedId)).toMatchObject({ type: 'close-contact', records: 1, people: 1, colourChanges: 1, turned: { green: 0, yellow: 0, red: 1 } });

  // A scan at the demo gate lands in the all-checkpoint view of the day, with the registry's name.
  const day = shanghaiDay(new Date());
  const scans = async () => scanDayStats.parse((await api.call('GET', `/v1/console/stats/scans?day=${day}`, undefined, { token: viewer })).body);
  const gateTotal = (s: Awaited<ReturnType<typeof scans>>) => s.checkpoints.find((c) => c.checkpointId === 'demo-gate')?.total ?? 0;
  const scansBefore = gateTotal(await scans());
  const inspector = await sandboxInspector(['demo-gate'], SCOPE);
  expect((await api.call('POST', '/v1/inspector/verifications', { payload: 'HC1:garbage', checkpointId: 'demo-gate' }, { token: inspector.token })).status).toBe(200);
  const after = await eventually(scans, (s) => gateTotal(s) >= scansBefore + 1);
  expect(gateTotal(after)).toBeGreaterThanOrEqual(scansBefore + 1);
  expect(after.checkpoints.find((c) => c.checkpointId === 'demo-gate')?.name).toBe('演示卡口（丽水市莲都区）');
}, 120_000);

test('the aggregate routes refuse bad input in Chinese and callers without an official session', async () => {
  const viewer = await viewerToken();
  const bad = await api.call('GET', '/v1/console/stats/scans?day=2026-02-30', undefined, { token: viewer });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].message).toBe('日期格式应为年-月-日，例如2024-03-01');
  const tooMany = await api.call('GET', '/v1/console/stats/counties?days=61', undefined, { token: viewer });
  expect(tooMany.status).toBe(400);
  expect(tooMany.body.errors[0].message).toBe('最多查询60天');
  expect((await api.call('GET', '/v1/console/stats/feeds')).status).toBe(401);
});
