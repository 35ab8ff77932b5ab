/**
 * The console's pages beyond feeds, in real headless Chromium against the local stack. Corrections
 * (纠错): one official proposes to accept a resident's correction with a basis, cannot confirm it (in
 * the page or through the API), a second official confirms, and exactly one trigger is withdrawn.
 * Person lookup: a document and a reason show the masked holder and colour, and the decision log
 * shows the lookup. Every page without a console error.
 */
import { join } from 'node:path';
import { apiUrl } from '../support/http';
import { callAsPage, useConsoleBrowser } from '../support/console-browser';
import { profileBody, quietDeclaration, signIn } from '../support/resident-fixtures';
import { shanghaiDay } from '../../shared/time';
import { maskDocument } from '../../shared/mask';

const SCOPE = 'console-pages-e2e';
/** Set to a folder (e.g. docs) to save the README's screenshots while the test runs. */
const SHOTS = process.env.CONSOLE_SCREENSHOTS;

const consoleBrowser = useConsoleBrowser();

/** Red from a declared contact and yellow from symptoms, with a correction of the contact filed. */
async function residentWithCorrection() {
  const me = await signIn(SCOPE);
  const profile = profileBody();
  expect((await me.call('POST', '/v1/resident/profile', profile)).status).toBe(201);
  expect((await me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, contactWithCase: true, symptoms: ['cough'] })).body.status.color).toBe('red');
  const filed = await me.call('POST', '/v1/resident/corrections', { trigger: 'declared-contact', declaredOn: shanghaiDay(new Date()), category: 'declared-by-mistake', text: '误选了接触史，本人没有接触过病例' });
  expect(filed.status).toBe(201);
  return { me, profile, id: filed.body.correction.id as string };
}

test('an official proposes to accept a correction, cannot confirm it, a second official confirms, and one trigger is withdrawn', async () => {
  const { me, profile, id } = await residentWithCorrection();

  const lead = await consoleBrowser.officialPage('demo-lead');
  await lead.goto(`${apiUrl()}/console/#/corrections`);
  await lead.getByRole('cell', { name: id }).click();
  const drawer = lead.getByRole('dialog');
  await drawer.getByText('误选了接触史，本人没有接触过病例').waitFor();
  await expect(drawer.getByTestId('chain-verdict').textContent()).resolves.toBe('哈希链完整，未发现篡改');
  // Masked only: the number and the name never reach the page.
  const shown = await drawer.textContent();
  expect(shown).toContain('申报的接触史');
  expect(shown).not.toContain(profile.documentNumber);
  expect(shown).not.toContain(profile.name);
  expect(await lead.getByTestId('correction-submit').isDisabled()).toBe(true);
  await lead.getByTestId('correction-basis').fill('与居民电话核实，系误选');
  await lead.getByTestId('correction-submit').click();
  await lead.getByText('处理意见已提交，等待另一位审批人确认').waitFor();
  await expect(drawer.getByTestId('correction-state').textContent()).resolves.toBe('待第二人确认');

  // The proposer cannot confirm: the page says so and disables it, and the server refuses it too.
  await drawer.getByTestId('own-correction').waitFor();
  await lead.getByTestId('correction-basis').fill('再次确认');
  expect(await lead.getByTestId('correction-submit').isDisabled()).toBe(true);
  const refused = await callAsPage(lead, 'POST', `/v1/console/corrections/${id}/decision`, { decision: 'accept', basis: '再次确认' });
  expect(refused).toMatchObject({ status: 403, body: { detail: '提议人不能审批自己的提议，请由另一位审批人审批' } });
  expect((await me.call('GET', '/v1/resident/status')).body.color).toBe('red');

  const approver = await consoleBrowser.officialPage('demo-approver');
  await approver.goto(`${apiUrl()}/console/#/corrections`);
  await approver.getByText('待第二人确认', { exact: true }).first().click();
  await approver.getByRole('cell', { name: id }).click();
  const second = approver.getByRole('dialog');
  await second.getByText(/待确认的意见/).waitFor();
  await approver.getByTestId('correction-basis').fill('核对申报记录无误');
  await expect(approver.getByTestId('correction-submit').textContent()).resolves.toBe('确认生效');
  if (SHOTS) {
    // The drawer slides in; a capture taken mid-way shows it half out of the window.
    await approver.evaluate('Promise.all(document.getAnimations().map((a) => a.finished))');
    await approver.screenshot({ path: join(SHOTS, 'console-correction.png') });
  }
  await approver.getByTestId('correction-submit').click();
  await approver.getByText('已采纳，该项已撤销，健康码已按规则重新评估').waitFor();
  await expect(second.getByTestId('correction-state').textContent()).resolves.toBe('已采纳');
  await expect(second.textContent()).resolves.toContain('演示审批员（sandbox:demo-approver）');

  // One trigger withdrawn: the symptoms stay, so the code is yellow.
  expect((await me.call('GET', '/v1/resident/status')).body).toMatchObject({ color: 'yellow', reasons: [{ code: 'fever-or-symptoms' }] });
}, 180_000);

test('an official looks a person up with a reason: masked holder, colour and history, and the lookup is in the decision log', async () => {
  const me = await signIn(SCOPE);
  const profile = profileBody();
  expect((await me.call('POST', '/v1/resident/profile', profile)).status).toBe(201);
  expect((await me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, contactWithCase: true })).body.status.color).toBe('red');
  const reason = `12345工单 GD-${Date.now().toString(36)}`;

  const viewer = await consoleBrowser.officialPage('demo-viewer');
  await viewer.goto(`${apiUrl()}/console/#/lookup`);
  await viewer.getByTestId('lookup-document').fill(profile.documentNumber);
  await viewer.getByTestId('lookup-reason').fill(reason);
  await viewer.getByTestId('lookup-submit').click();
  const result = viewer.getByTestId('lookup-result');
  await expect(viewer.getByTestId('lookup-color').textContent()).resolves.toBe('红码');
  const shown = await result.textContent();
  expect(shown).toContain(maskDocument('resident-id', profile.documentNumber));
  expect(shown).toContain('健康申报');
  expect(shown).toContain('哈希链完整');
  // The number is cleared from the form once answered; it is nowhere on the page.
  expect(await viewer.getByTestId('lookup-document').inputValue()).toBe('');
  expect(await viewer.content()).not.toContain(profile.documentNumber);
  expect(await viewer.content()).not.toContain(profile.name);
  if (SHOTS) await viewer.screenshot({ path: join(SHOTS, 'console-lookup.png') });

  await viewer.goto(`${apiUrl()}/console/#/audit`);
  const row = viewer.getByRole('row').filter({ hasText: reason });
  await row.waitFor();
  await expect(row.textContent()).resolves.toContain('查询居民');
  await expect(row.textContent()).resolves.toContain('演示查看员');
}, 120_000);

test('the risk areas and ruleset versions show what the API holds, and a checkpoint’s hours draw as a chart', async () => {
  const viewer = await consoleBrowser.officialPage('demo-viewer');
  await viewer.goto(`${apiUrl()}/console/#/risk-areas`);
  await viewer.getByTestId('risk-count').waitFor();
  const held = await callAsPage(viewer, 'GET', '/v1/console/risk-areas');
  const inForce = (held.body.areas as { until?: string }[]).filter((a) => !a.until).length;
  await expect(viewer.getByTestId('risk-count').textContent()).resolves.toBe(`${inForce} 个`);
  await expect(viewer.getByText(held.body.version ?? '尚未发布', { exact: true }).count()).resolves.toBeGreaterThan(0);
  if (SHOTS) await viewer.screenshot({ path: join(SHOTS, 'console-risk-areas.png') });

  // Other test files scan demo-gate while this page loads: its figure must be what the counters
  // held at some moment between the reads before and after it.
  const statsPath = `/v1/console/checkpoints/demo-gate/stats?day=${shanghaiDay(new Date())}`;
  const before = await callAsPage(viewer, 'GET', statsPath);
  await viewer.goto(`${apiUrl()}/console/#/checkpoints`);
  await viewer.locator('[data-testid=checkpoint-hours] canvas').waitFor();
  const shownPass = Number(/\d+/.exec((await viewer.getByTestId('checkpoint-pass').textContent())?.replace(/,/g, '') ?? '')?.[0]);
  const after = await callAsPage(viewer, 'GET', statsPath);
  expect(shownPass).toBeGreaterThanOrEqual(before.body.totals.pass);
  expect(shownPass).toBeLessThanOrEqual(after.body.totals.pass);
  await viewer.goto(`${apiUrl()}/console/#/rulesets`);
  const rulesets = await callAsPage(viewer, 'GET', '/v1/console/rulesets');
  await expect(viewer.getByTestId('ruleset-active').textContent()).resolves.toBe(`当前所有健康码按规则${rulesets.body.active}评估${rulesets.body.builtIn ? '（系统内置版本）' : ''}`);
  await viewer.getByTestId('rulesets').waitFor();

  await viewer.goto(`${apiUrl()}/console/#/checkpoints`);
  await viewer.locator('[data-testid=checkpoint-hours] canvas').waitFor();
  // An unknown checkpoint is said so, in Chinese.
  await viewer.getByTestId('checkpoint-id').fill('no-such-gate');
  await viewer.getByTestId('checkpoint-load').click();
  await expect(viewer.getByTestId('checkpoint-error').textContent()).resolves.toBe('没有这个卡口');
}, 120_000);

// Last, so that it covers every page the tests above opened.
test('no console error, page error or failed request on any of these pages', () => {
  // The errors expected: the lead's own refused confirmation (403) and the unknown checkpoint (404).
  const expected = [/^demo-lead: (Failed to load resource: .* 403|403 POST \/v1\/console\/corrections\/[^/]+\/decision)/, /^demo-viewer: (Failed to load resource: .* 404|404 GET \/v1\/console\/checkpoints\/no-such-gate\/stats)/];
  expect(consoleBrowser.problems.filter((p) => !expected.some((e) => e.test(p)))).toEqual([]);
});
