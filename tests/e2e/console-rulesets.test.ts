/**
 * Ruleset roll-out in real headless Chromium: an official uploads a new version and its vectors, the
 * vectors run in the page with the shared engine (a version that fails them cannot be proposed), a
 * server dry run shows the sampled colour changes, the proposal cannot be approved by its proposer
 * (page and API), and a second official schedules it. Effective in 2099, so no roll-out runs here
 * (tests/integration/core/console-ruleset-proposals.test.ts activates one).
 */
import v1Vectors from '../../shared/rules/v1.vectors.json' with { type: 'json' };
import { apiUrl } from '../support/http';
import { callAsPage, useConsoleBrowser } from '../support/console-browser';
import { rulesetV1 } from '../../shared/rules/schema';
import { SAME_PRINCIPAL } from '../../functions/core/two-person';

const VERSION = `1.0.2-e2e${Date.now().toString(36)}`;
const json = (name: string, value: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(value)) });

const consoleBrowser = useConsoleBrowser();

test('upload → vectors in the browser → dry run → propose; the proposer cannot approve; a second official schedules it', async () => {
  const lead = await consoleBrowser.officialPage('demo-lead');
  await lead.goto(`${apiUrl()}/console/#/rulesets`);
  await lead.getByTestId('ruleset-upload').waitFor();

  // A version that colours a medium-risk stay red fails v1's vectors in the page: it cannot go further.
  const red = { ...rulesetV1, version: `${VERSION}-red`, effectiveFrom: '2099-03-01T00:00:00+08:00', triggers: { ...rulesetV1.triggers, 'medium-risk-stay': { ...rulesetV1.triggers['medium-risk-stay'], color: 'red' } } };
  await lead.getByTestId('ruleset-file').setInputFiles(json('ruleset.json', red));
  await lead.getByTestId('vectors-file').setInputFiles(json('vectors.json', v1Vectors));
  await expect(lead.getByTestId('vectors-summary').textContent()).resolves.toMatch(new RegExp(`^测试用例共${v1Vectors.vectors.length}条，通过\\d+条，未通过[1-9]\\d*条$`));
  expect(await lead.getByTestId('dry-run-start').isDisabled()).toBe(true);

  const good = { ...rulesetV1, version: VERSION, effectiveFrom: '2099-03-01T00:00:00+08:00' };
  await lead.getByTestId('ruleset-file').setInputFiles(json('ruleset.json', good));
  await lead.getByText(`测试用例共${v1Vectors.vectors.length}条，通过${v1Vectors.vectors.length}条`, { exact: true }).waitFor();
  await expect(lead.getByTestId('ruleset-version').textContent()).resolves.toBe(VERSION);
  await expect(lead.getByTestId('ruleset-effective').inputValue()).resolves.toBe('2099-03-01T00:00');
  expect(await lead.getByTestId('ruleset-submit').isDisabled()).toBe(true);
  await lead.getByTestId('dry-run-start').click();
  await expect(lead.getByTestId('dry-run').textContent()).resolves.toMatch(/^抽样[1-9]\d*人，其中\d+人颜色将改变/);
  await lead.getByTestId('ruleset-basis').fill('浙卫发〔2026〕9号');
  await lead.getByTestId('ruleset-submit').click();
  await lead.getByText(/已提交提议RS-/).waitFor();

  const row = lead.getByTestId('ruleset-proposals').getByRole('row').filter({ hasText: VERSION });
  const id = (await row.getByRole('cell').first().textContent())!;
  expect(id).toMatch(/^RS-/);
  await row.click();
  await lead.getByTestId('own-proposal').waitFor();
  expect(await lead.getByTestId('approve').isDisabled()).toBe(true);
  const refused = await callAsPage(lead, 'POST', `/v1/console/rulesets/proposals/${id}/decision`, { decision: 'approve' });
  expect(refused).toMatchObject({ status: 403, body: { detail: SAME_PRINCIPAL } });

  const approver = await consoleBrowser.officialPage('demo-approver');
  await approver.goto(`${apiUrl()}/console/#/rulesets`);
  await approver.getByTestId('ruleset-proposals').getByRole('cell', { name: id }).click();
  await expect(approver.getByTestId('dry-run-now').textContent()).resolves.toMatch(/^抽样[1-9]\d*人/);
  await approver.getByTestId('approve').click();
  await expect(approver.getByTestId('ruleset-applied').textContent()).resolves.toBe('待生效');
  await approver.getByTestId('rulesets').getByRole('row').filter({ hasText: VERSION }).filter({ hasText: '待生效' }).waitFor();
}, 180_000);

test('no console error, page error or failed request, but the proposer’s own refused approval', () => {
  const expected = [/^demo-lead: (Failed to load resource: .* 403|403 POST \/v1\/console\/rulesets\/proposals\/[^/]+\/decision)/];
  expect(consoleBrowser.problems.filter((p) => !expected.some((e) => e.test(p)))).toEqual([]);
});
