/**
 * The officials' console (console/) in `npm run preview`: the main pages screenshotted in headless
 * Chromium against the same local stack, with demo data made through the API first (residents, a
 * scan at the demo gate, a correction), then by the seeded sandbox officials in the page itself: the
 * dashboard, an upload with its impact, the second official's approval, the corrections queue and
 * the checkpoint registry. Any console error, page error or failed request fails the preview.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { buildConsole } from '../../scripts/lib/console';
import { generateResidentIdCheckDigit } from '../../shared/identity';

export interface ConsoleShot {
  name: string;
  label: string;
  png: string;
}

/** The console states, in the order they are made (each needs the ones before). */
export const CONSOLE_STATES: readonly { name: string; label: string }[] = [
  { name: 'console-upload', label: '后台 · 数据上报与影响预览' },
  { name: 'console-approval', label: '后台 · 第二人审批' },
  { name: 'console-dashboard', label: '后台 · 数据看板' },
  { name: 'console-corrections', label: '后台 · 纠错队列' },
  { name: 'console-checkpoints', label: '后台 · 卡口管理' },
];

const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

function residentIdNumber(): string {
  const first17 = `331102${1980 + randomInt(20)}0${1 + randomInt(9)}1${randomInt(10)}${String(randomInt(1000)).padStart(3, '0')}`;
  return first17 + generateResidentIdCheckDigit(first17);
}

async function call(apiUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(apiUrl + path, { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function expectStatus(what: string, answer: Promise<{ status: number; body: any }>, ...ok: number[]) {
  const res = await answer;
  if (!ok.includes(res.status)) throw new Error(`console preview: ${what} answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A registered resident (sandbox sign-in, profile, a first declaration) in a county. */
async function demoResident(apiUrl: string, declaration: Record<string, unknown>) {
  const session = await expectStatus('resident sign-in', call(apiUrl, 'POST', '/v1/resident/sessions', { provider: 'sandbox', subject: `preview-console-${randomBytes(4).toString('hex')}` }), 200);
  const auth = { authorization: `Bearer ${session.token}` };
  const documentNumber = residentIdNumber();
  await expectStatus('resident profile', call(apiUrl, 'POST', '/v1/resident/profile', { name: '预览居民', documentType: 'resident-id', documentNumber, phone: `139${String(randomInt(1e8)).padStart(8, '0')}` }, auth), 201);
  await expectStatus('resident declaration', call(apiUrl, 'POST', '/v1/resident/declarations', { travel: [], symptoms: [], contactWithCase: false, commitment: true, ...declaration }, auth), 201);
  return { documentNumber, auth };
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    value = await read();
  }
  return value;
}

export async function renderConsolePreviews(options: { apiUrl: string; outDir: string; browser: Browser; only?: readonly string[]; log?: (line: string) => void }): Promise<ConsoleShot[]> {
  const { apiUrl, outDir, browser } = options;
  const wanted = CONSOLE_STATES.filter((s) => !options.only?.length || options.only.some((w) => s.name.includes(w)));
  if (wanted.length === 0) return [];
  let last = Date.now();
  await buildConsole();
  options.log?.(`  ${'console (vite build)'.padEnd(30)} ${''.padEnd(24)} ${((Date.now() - last) / 1000).toFixed(1)} s`);
  last = Date.now();

  // Demo data: two residents in two counties (one with a correction filed), a scan at the demo gate.
  const first = await demoResident(apiUrl, { region: '331102' });
  const second = await demoResident(apiUrl, { region: '331121', contactWithCase: true });
  await expectStatus('correction', call(apiUrl, 'POST', '/v1/resident/corrections', { trigger: 'declared-contact', declaredOn: shanghaiToday(), category: 'declared-by-mistake', text: '误选了接触史，本人没有接触过病例' }, second.auth), 201);
  const code = await expectStatus('resident code', call(apiUrl, 'GET', '/v1/resident/code', undefined, first.auth), 200);
  const inspector = await expectStatus('inspector sign-in', call(apiUrl, 'POST', '/v1/inspector/sessions', { provider: 'sandbox', subject: 'demo-inspector' }), 200);
  await expectStatus('scan', call(apiUrl, 'POST', '/v1/inspector/verifications', { payload: code.payload, checkpointId: 'demo-gate' }, { authorization: `Bearer ${inspector.token}` }), 200);

  const problems: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'console-preview-'));
  const shots: ConsoleShot[] = [];
  const pages: Page[] = [];
  const official = async (subject: string): Promise<Page> => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 860 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    pages.push(page);
    page.on('console', (msg) => msg.type() === 'error' && problems.push(`${subject}: ${msg.text()}`));
    page.on('pageerror', (err) => problems.push(`${subject}: ${err.message}`));
    page.on('response', (res) => res.status() >= 400 && problems.push(`${subject}: ${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`));
    await page.goto(`${apiUrl}/console/`);
    await page.getByPlaceholder('demo-proposer').fill(subject);
    await page.getByRole('button', { name: '测试账号登录' }).click();
    await page.getByTestId('official-name').waitFor();
    return page;
  };
  const shoot = async (page: Page, name: string, fullPage = false) => {
    const state = CONSOLE_STATES.find((s) => s.name === name)!;
    if (!wanted.includes(state)) return;
    await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
    // Charts animate in: let them settle before the frame is taken.
    await page.waitForTimeout(1200);
    const png = join(outDir, `${name}.png`);
    // A palette PNG keeps the README's screenshots small.
    writeFileSync(png, await sharp(await page.screenshot({ fullPage, type: 'png' })).png({ compressionLevel: 9, palette: true, quality: 80 }).toBuffer());
    shots.push({ ...state, png });
    options.log?.(`  ${name.padEnd(30)} ${'/console'.padEnd(24)} ${((Date.now() - last) / 1000).toFixed(1)} s`);
    last = Date.now();
  };

  try {
    // 1. An upload with its impact, proposed by one official…
    const proposer = await official('demo-proposer');
    const csv = join(dir, 'close-contacts.csv');
    writeFileSync(csv, `\ufeff证件类型,证件号码,最后接触日期\n居民身份证,${first.documentNumber},${shanghaiToday()}\n`);
    await proposer.goto(`${apiUrl}/console/#/upload`);
    await proposer.locator('input[type=file]').setInputFiles(csv);
    await proposer.getByTestId('row-check').waitFor();
    await proposer.getByTestId('basis-reference').fill('LS-2026-流调-0142');
    await proposer.getByTestId('preview').click();
    await proposer.getByTestId('impact').waitFor();
    await shoot(proposer, 'console-upload', true);
    await proposer.getByTestId('propose').click();
    const subtitle = await proposer.getByText(/^提议编号FP-/).textContent();
    const id = /FP-\d{14}-[0-9a-f]{8}/.exec(subtitle ?? '')?.[0];
    if (!id) throw new Error('console preview: the proposal id was not shown');

    // 2. …approved by a second one, who sees the same basis and impact.
    const approver = await official('demo-approver');
    await approver.goto(`${apiUrl}/console/#/proposals`);
    await approver.getByRole('cell', { name: id }).click();
    await approver.getByTestId('approve').waitFor();
    await shoot(approver, 'console-approval');
    await approver.getByTestId('approve').click();
    await approver.getByText('1条记录已生效').first().waitFor();

    // 3. The dashboard, once the stream has counted the approved feed.
    const viewer = await official('demo-viewer');
    const viewerToken = await viewer.evaluate(() => JSON.parse((globalThis as unknown as { sessionStorage: { getItem(k: string): string } }).sessionStorage.getItem('hc-console-session')).token as string);
    await waitFor(() => call(apiUrl, 'GET', '/v1/console/stats/feeds?days=1', undefined, { authorization: `Bearer ${viewerToken}` }), (r) => (r.body?.feeds ?? []).some((f: { feedId: string; colourChanges: number }) => f.feedId === id && f.colourChanges > 0));
    await viewer.goto(`${apiUrl}/console/#/dashboard`);
    for (const chart of ['colour-pie', 'county-trend', 'scan-heatmap']) await viewer.locator(`[data-testid=${chart}] canvas`).first().waitFor();
    await shoot(viewer, 'console-dashboard', true);

    // 4. The corrections queue, and 5. the checkpoint registry.
    const lead = await official('demo-lead');
    await lead.goto(`${apiUrl}/console/#/corrections`);
    await lead.getByTestId('correction-list').locator('tbody tr.ant-table-row').first().waitFor();
    await shoot(lead, 'console-corrections');
    const admin = await official('demo-admin');
    await admin.goto(`${apiUrl}/console/#/checkpoints`);
    await admin.getByRole('row').filter({ hasText: 'demo-gate' }).waitFor();
    await admin.locator('[data-testid=checkpoint-hours] canvas').first().waitFor();
    await shoot(admin, 'console-checkpoints', true);
  } finally {
    for (const page of pages) await page.context().close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  if (problems.length > 0) throw new Error(`console preview: errors in the pages:\n  ${problems.join('\n  ')}`);
  return shots;
}
