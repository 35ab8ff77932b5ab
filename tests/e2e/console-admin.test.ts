/**
 * The console's checkpoint registry in real headless Chromium against the local stack: an admin
 * registers a checkpoint and maps a DingTalk department to it through the page, the API holds what
 * the page shows, a viewer sees the registry without the admin's controls, and the server refuses a
 * viewer's write as well. The dashboard draws every chart from the aggregate routes (the counties'
 * colours, the scans per checkpoint and hour, the feeds' effects). No console error on any page.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { apiUrl } from '../support/http';
import { callAsPage, useConsoleBrowser } from '../support/console-browser';
import { eventually } from '../support/eventually';
import { call } from '../support/http';
import { sandboxInspector } from '../support/inspector-fixtures';

/** Set to a folder (e.g. docs) to save the README's screenshots while the test runs. */
const SHOTS = process.env.CONSOLE_SCREENSHOTS;
const consoleBrowser = useConsoleBrowser();

test('an admin registers a checkpoint and maps a DingTalk department in the page; a viewer only reads', async () => {
  const id = `e2e-gate-${randomBytes(3).toString('hex')}`;
  const admin = await consoleBrowser.officialPage('demo-admin');
  await admin.goto(`${apiUrl()}/console/#/checkpoints`);
  await admin.getByTestId('checkpoint-new').click();
  await admin.getByTestId('checkpoint-form-id').fill(id);
  await admin.getByTestId('checkpoint-form-name').fill('端到端测试社区卡口');
  await admin.getByTestId('checkpoint-save').click();
  await expect(admin.getByTestId('registry-notice').textContent()).resolves.toBe(`已登记卡口${id}`);
  const row = admin.getByRole('row').filter({ hasText: id });
  await expect(row.textContent()).resolves.toContain('莲都区');

  await admin.getByTestId(`dept-input-${id}`).fill('7788');
  await admin.getByTestId(`dept-add-${id}`).click();
  await admin.getByTestId(`dept-${id}-7788`).waitFor();
  const held = await callAsPage(admin, 'GET', '/v1/console/checkpoints');
  const mine = (held.body.checkpoints as { id: string; type: string; departments: { departmentId: string }[] }[]).find((c) => c.id === id);
  expect(mine).toMatchObject({ type: 'community', departments: [expect.objectContaining({ departmentId: '7788' })] });
  if (SHOTS) await admin.screenshot({ path: join(SHOTS, 'console-checkpoints.png') });

  // Taking the department off again: the tag's close button.
  await admin.getByTestId(`dept-${id}-7788`).locator('.ant-tag-close-icon').click();
  await expect(admin.getByTestId('registry-notice').textContent()).resolves.toBe(`已取消钉钉部门7788与卡口${id}的关联`);
  await expect(admin.getByTestId(`dept-${id}-7788`).count()).resolves.toBe(0);

  const viewer = await consoleBrowser.officialPage('demo-viewer');
  await viewer.goto(`${apiUrl()}/console/#/checkpoints`);
  await viewer.getByRole('row').filter({ hasText: id }).waitFor();
  await expect(viewer.getByTestId('checkpoint-new').count()).resolves.toBe(0);
  await expect(viewer.getByTestId(`dept-input-${id}`).count()).resolves.toBe(0);
  const refused = await callAsPage(viewer, 'POST', `/v1/console/checkpoints/${id}/departments`, { departmentId: '7788' });
  expect(refused).toMatchObject({ status: 403, body: { detail: '您没有此项操作的权限，请联系管理员' } });
}, 120_000);

test('the dashboard draws the county colours, the checkpoint hours and the feeds from the counters, with no console error', async () => {
  // A scan of today, so the checkpoint heatmap has a cell to draw.
  const inspector = await sandboxInspector(['demo-gate']);
  expect((await call('POST', '/v1/inspector/verifications', { payload: 'HC1:garbage', checkpointId: 'demo-gate' }, { token: inspector.token })).status).toBe(200);
  const viewer = await consoleBrowser.officialPage('demo-viewer');
  const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  await eventually(() => callAsPage(viewer, 'GET', `/v1/console/stats/scans?day=${day}`), (r) => r.body.checkpoints.length > 0);
  // Other test files share the stack and may add feeds or change colours while the page loads: the
  // page must show what the counters held at some moment between the reads before and after it.
  const countiesBefore = await callAsPage(viewer, 'GET', '/v1/console/stats/counties?days=14');
  const feedsBefore = await callAsPage(viewer, 'GET', '/v1/console/stats/feeds?days=7');
  // Signing in lands on the dashboard, which loaded its counters then, maybe before the scan was
  // counted; a hash change alone would not load them again.
  await viewer.goto(`${apiUrl()}/console/#/dashboard`);
  await viewer.reload();
  for (const chart of ['colour-pie', 'colour-trend', 'county-trend', 'county-today', 'scan-heatmap']) await viewer.locator(`[data-testid=${chart}] canvas`).first().waitFor();
  const counties = await callAsPage(viewer, 'GET', '/v1/console/stats/counties?days=14');
  const figure = async (id: string) => Number(/\d+/.exec((await viewer.getByTestId(id).textContent()) ?? '')?.[0]);
  expect([countiesBefore.body.dueToday, counties.body.dueToday]).toContain(await figure('due-today'));
  expect([countiesBefore.body.dueTomorrow, counties.body.dueTomorrow]).toContain(await figure('due-tomorrow'));
  // Picking one county redraws its own series.
  await viewer.getByTestId('county-select').click();
  await viewer.getByTitle('青田县').click();
  await viewer.locator('[data-testid=county-trend] canvas').first().waitFor();
  const feeds = await callAsPage(viewer, 'GET', '/v1/console/stats/feeds?days=7');
  const rows = await viewer.getByTestId('feed-table').locator('tbody tr.ant-table-row').count();
  expect(rows).toBeGreaterThanOrEqual(Math.min(8, feedsBefore.body.feeds.length));
  expect(rows).toBeLessThanOrEqual(Math.min(8, feeds.body.feeds.length));
  if (SHOTS) await viewer.screenshot({ path: join(SHOTS, 'console-dashboard.png'), fullPage: true });
}, 120_000);

// Last, so that it covers every page the tests above opened.
test('no console error, page error or failed request on any of these pages', () => {
  // The one error expected: the viewer's refused write, made on purpose through the API.
  const expected = [/^demo-viewer: (Failed to load resource: .* 403|403 POST \/v1\/console\/checkpoints\/[^/]+\/departments)/];
  expect(consoleBrowser.problems.filter((p) => !expected.some((e) => e.test(p)))).toEqual([]);
});
