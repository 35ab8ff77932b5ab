/**
 * Risk areas (五色图) in real headless Chromium: the maps of 丽水's counties and Zhejiang's cities
 * draw with no console error; an official proposes a county's new level after seeing how many
 * residents it touches, cannot approve it (page and API), a second official sees the count again
 * and approves, and the county turns red on the map and in the list.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { apiUrl } from '../support/http';
import { callAsPage, useConsoleBrowser } from '../support/console-browser';
import { profileBody, quietDeclaration, signIn } from '../support/resident-fixtures';
import { SAME_PRINCIPAL } from '../../functions/core/two-person';

const SCOPE = 'console-risk-areas-e2e';
const SHOTS = process.env.CONSOLE_SCREENSHOTS;
// 云和县: no other test sets its level.
const COUNTY = { code: '331125', name: '云和县' };

const consoleBrowser = useConsoleBrowser();

/** The canvas as the page sees it (the tests compile without the DOM library). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

/** Pixels of the high-risk fill (#d4380d) on a map's canvas, read back from the canvas itself. */
function highRiskPixels(page: Page, testId: string): Promise<number> {
  return page.locator(`[data-testid=${testId}] canvas`).first().evaluate((el) => {
    const canvas = el as unknown as Canvas;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] === 212 && data[i + 1] === 56 && data[i + 2] === 13) n++;
    return n;
  });
}

async function openMaps(page: Page) {
  await page.goto(`${apiUrl()}/console/#/risk-areas`);
  await page.locator('[data-testid=map-lishui] canvas').waitFor();
  await page.locator('[data-testid=map-zhejiang] canvas').waitFor();
  // The first frame is drawn after the fonts load; give ECharts its animation time.
  await page.waitForTimeout(1500);
}

test('the maps draw; a proposed level changes nothing until a second official approves it; the proposer cannot approve', async () => {
  const me = await signIn(SCOPE);
  expect((await me.call('POST', '/v1/resident/profile', profileBody())).status).toBe(201);
  expect((await me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, region: COUNTY.code })).status).toBe(201);

  const lead = await consoleBrowser.officialPage('demo-lead');
  await openMaps(lead);
  const redBefore = await highRiskPixels(lead, 'map-lishui');
  expect(await lead.locator('[data-testid=map-zhejiang] canvas').evaluate((el) => (el as unknown as Canvas).width > 0 && (el as unknown as Canvas).height > 0)).toBe(true);

  // Typed and chosen with Enter: a click on an option of the opening dropdown was lost once in CI
  // (its virtual list re-renders the options while it opens).
  await lead.getByTestId('risk-region').click();
  await lead.getByTestId('risk-region').locator('input').fill(COUNTY.name);
  await lead.locator(`.ant-select-item-option-active[title="${COUNTY.name}（${COUNTY.code}）"]`).waitFor();
  await lead.keyboard.press('Enter');
  await lead.getByTestId('risk-propose').waitFor();
  // The proposal needs a preview and a basis first.
  expect(await lead.getByTestId('risk-submit').isDisabled()).toBe(true);
  await lead.getByTestId('risk-preview').click();
  const impact = await lead.getByTestId('risk-impact').textContent();
  expect(impact).toMatch(new RegExp(`^${COUNTY.name}（${COUNTY.code}）：非风险地区→高风险，涉及居民[1-9]\\d*人$`));
  await lead.getByTestId('risk-basis').fill('丽防指〔2026〕40号');
  await lead.getByTestId('risk-submit').click();
  await lead.getByText(/已提交提议RA-/).waitFor();

  // Nothing is in force yet: the resident is green and the county is not listed.
  expect((await me.call('GET', '/v1/resident/status')).body.color).toBe('green');
  const held = await callAsPage(lead, 'GET', '/v1/console/risk-areas');
  expect(held.body.areas.some((a: { region: string; until?: string }) => a.region === COUNTY.code && !a.until)).toBe(false);

  // The proposer sees their own proposal with approval disabled, and the server refuses it.
  const row = lead.getByTestId('risk-proposals').getByRole('row').filter({ hasText: '丽防指〔2026〕40号' });
  const id = (await row.getByRole('cell').first().textContent())!;
  expect(id).toMatch(/^RA-/);
  await row.click();
  await lead.getByTestId('own-proposal').waitFor();
  expect(await lead.getByTestId('approve').isDisabled()).toBe(true);
  const refused = await callAsPage(lead, 'POST', `/v1/console/risk-areas/proposals/${id}/decision`, { decision: 'approve' });
  expect(refused).toMatchObject({ status: 403, body: { detail: SAME_PRINCIPAL } });

  const approver = await consoleBrowser.officialPage('demo-approver');
  await openMaps(approver);
  await approver.getByTestId('risk-proposals').getByRole('cell', { name: id }).click();
  await expect(approver.getByTestId('risk-impact-now').textContent()).resolves.toMatch(/^云和县（331125）：非风险地区→高风险，涉及居民[1-9]\d*人$/);
  if (SHOTS) await approver.screenshot({ path: join(SHOTS, 'console-risk-areas.png') });
  await approver.getByTestId('approve').click();
  await approver.getByText(/已批准并生效，重新评估[1-9]\d*位居民/).waitFor();
  await expect(approver.getByTestId('risk-proposal-status').textContent()).resolves.toBe('已批准');

  await openMaps(approver);
  expect(await highRiskPixels(approver, 'map-lishui')).toBeGreaterThan(redBefore);
  await approver.getByTestId('risk-areas').getByRole('row').filter({ hasText: COUNTY.code }).filter({ hasText: '高风险' }).waitFor();
  expect((await me.call('GET', '/v1/resident/status')).body.color).toBe('red');
}, 180_000);

test('no console error, page error or failed request, but the proposer’s own refused approval', () => {
  const expected = [/^demo-lead: (Failed to load resource: .* 403|403 POST \/v1\/console\/risk-areas\/proposals\/[^/]+\/decision)/];
  expect(consoleBrowser.problems.filter((p) => !expected.some((e) => e.test(p)))).toEqual([]);
});
