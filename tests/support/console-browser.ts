/**
 * The officials' console in real headless Chromium (Debian's `chromium` through playwright-core):
 * one browser per suite, a page per official signed in with a sandbox account, and every console
 * error, page error and 4xx/5xx answer collected so a test can assert there were none.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { apiUrl } from './http';
import { buildConsole } from '../../scripts/lib/console';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ConsoleBrowser {
  /** A fresh context signed in as the sandbox official `subject`. */
  officialPage(subject: string): Promise<Page>;
  /** Console errors, page errors and failed answers, each prefixed by the official's subject. */
  problems: string[];
  close(): Promise<void>;
}

export async function openConsoleBrowser(): Promise<ConsoleBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  await buildConsole();
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const problems: string[] = [];
  return {
    problems,
    close: () => browser.close(),
    async officialPage(subject) {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
      const page = await context.newPage();
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`${subject}: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`${subject}: ${err.message}`));
      // The console's "Failed to load resource" names no address: keep which one it was.
      page.on('response', (res) => {
        if (res.status() >= 400) problems.push(`${subject}: ${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`);
      });
      await page.goto(`${apiUrl()}/console/`);
      await page.getByPlaceholder('demo-proposer').fill(subject);
      const button = page.getByRole('button', { name: '测试账号登录' });
      const sent = (timeout: number) => page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/v1/console/sessions', { timeout });
      // Once in CI a click on the freshly painted form sent nothing (no request, no error): when no
      // sign-in request leaves within 15 s, the form is submitted again. One that left must show the official.
      let request = sent(15_000);
      await button.click();
      if (!(await request.then(() => true, () => false))) {
        request = sent(15_000);
        await page.getByPlaceholder('demo-proposer').press('Enter');
        await request;
      }
      await page.getByTestId('official-name').waitFor();
      return page;
    },
  };
}

/**
 * One browser for the calling test file: opened before its tests (the first opening builds the
 * console, hence the long timeout) and closed after them. Call it at the top of the file.
 */
export function useConsoleBrowser(): ConsoleBrowser {
  let opened: ConsoleBrowser | undefined;
  beforeAll(async () => {
    opened = await openConsoleBrowser();
  }, 300_000);
  afterAll(async () => {
    await opened?.close();
  });
  const current = (): ConsoleBrowser => {
    if (!opened) throw new Error('the console browser is not open yet: call useConsoleBrowser() at the top of the test file and use it inside tests');
    return opened;
  };
  return {
    get problems() {
      return current().problems;
    },
    officialPage: (subject) => current().officialPage(subject),
    close: () => current().close(),
  };
}

/** A call from inside the page with the official's own session, to show the server refuses what the page hides. */
export function callAsPage(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ([m, p, b]) => {
      const session = JSON.parse((globalThis as unknown as { sessionStorage: { getItem(k: string): string } }).sessionStorage.getItem('hc-console-session'));
      const res = await fetch(p as string, { method: m as string, headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` }, body: b === undefined ? undefined : JSON.stringify(b) });
      return { status: res.status, body: await res.json() };
    },
    [method, path, body] as const,
  );
}
