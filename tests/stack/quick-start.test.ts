/**
 * The README's quick start, walked as a newcomer would: `npm start`, every command the banner prints,
 * the API reference in a real headless Chromium, a resident turning green once the clock passes their
 * clearance time (the schedules do it: no job route is called), and a clean stop on a signal to npm.
 * It starts its own stacks (the npm script itself), on free ports beside the test stack.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { freePort, portInUse } from '../../scripts/lib/dynamodb-local';
import { addDays, shanghaiDay } from '../../shared/time';

const run = promisify(execFile);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const STOP_LIMIT_MS = 10_000;

interface Started {
  child: ChildProcess;
  api: string;
  ports: number[];
  output: () => string;
}

/** `npm start` in its own process group, as from a terminal; resolves once the banner is printed. */
async function npmStart(): Promise<Started> {
  const [port, dynamoPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DYNAMODB_PORT: String(dynamoPort), LOG_LEVEL: 'INFO' };
  // What the jest stack put in the environment is not what a newcomer's shell has.
  for (const name of ['API_URL', 'DYNAMODB_ENDPOINT', 'TABLE_NAME', 'SECRETS_JSON', 'STAGE', 'API_LOG_FILE']) delete env[name];
  const child = spawn('npm', ['start'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (text += c.toString()));
  const deadline = Date.now() + 420_000;
  while (!text.includes('(ready in')) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${text}`);
    if (Date.now() > deadline) throw new Error(`npm start printed no banner in 420 s:\n${text}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return { child, api: `http://localhost:${port}`, ports: [port, dynamoPort], output: () => text };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signals the npm process (only it), then waits until every process of the group is gone and no port answers. */
async function stopWith(started: Started, signal: NodeJS.Signals): Promise<number> {
  const pgid = started.child.pid!;
  const at = Date.now();
  started.child.kill(signal);
  while (Date.now() - at < 30_000) {
    const listening = await Promise.all(started.ports.map((p) => portInUse(p)));
    if (!groupAlive(pgid) && !listening.some(Boolean)) return Date.now() - at;
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
  return Number.POSITIVE_INFINITY;
}

async function json(res: Response): Promise<any> {
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

test('the quick start as written: banner commands, the reference, a resident turning green on the schedule, and Ctrl-C-free stop with SIGINT', async () => {
  const stack = await npmStart();
  try {
    const banner = stack.output();
    const commands = banner.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('curl '));
    expect(commands.length).toBeGreaterThanOrEqual(7);
    for (const command of commands) {
      const { stdout } = await run('sh', ['-c', command], { timeout: 60_000 });
      const answer = JSON.parse(stdout) as Record<string, unknown>;
      expect({ command, problem: typeof answer.status === 'number' && answer.status >= 400 ? answer : undefined }).toEqual({ command, problem: undefined });
    }
    expect(banner).toContain(`${stack.api}/docs`);

    // The reference renders offline with no console error.
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('requestfailed', (r) => problems.push(`failed ${r.url()}`));
      await page.goto(`${stack.api}/docs`, { waitUntil: 'networkidle' });
      await page.locator('h2', { hasText: '每日打卡' }).first().waitFor({ timeout: 60_000 });
      expect(await page.locator('h2', { hasText: '立即运行定时任务' }).count()).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }

    // demo-resident-2 is yellow (a declared cough): 7 daily check-ins, then the clock past the clearance time.
    const post = (path: string, body: unknown, token?: string) =>
      fetch(stack.api + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    await fetch(`${stack.api}/v1/dev/clock`, { method: 'DELETE' });
    // A session lasts hours, not days: after each move of the clock the resident signs in again, as the app does.
    const signIn = async (): Promise<string> => (await json(await post('/v1/resident/sessions', { provider: 'sandbox', subject: 'demo-resident-2' }))).token;
    const status = async () => json(await fetch(`${stack.api}/v1/resident/status`, { headers: { authorization: `Bearer ${await signIn()}` } }));
    const before = await status();
    expect(before.color).toBe('yellow');
    const required: number = before.clearance.checkinsRequired;
    const today = shanghaiDay(new Date());
    for (let day = 0; day < required; day++) {
      if (day > 0) expect((await post('/v1/dev/clock', { now: `${addDays(today, day)}T12:00:00+08:00` })).status).toBe(200);
      expect((await post('/v1/resident/checkins', { temperature: 36.5, symptoms: [] }, await signIn())).status).toBe(201);
    }
    const due = await status();
    expect(due.color).toBe('yellow');
    const after = new Date(new Date(due.clearance.earliestAt).getTime() + 3_600_000);
    expect((await post('/v1/dev/clock', { now: after.toISOString() })).status).toBe(200);
    let color = due.color;
    for (const until = Date.now() + 60_000; color !== 'green' && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 1000));
      color = (await status()).color;
    }
    expect(color).toBe('green');
    // The run answers once all its buckets are done, which can be after the resident's own write lands.
    for (const until = Date.now() + 60_000; !/\[schedule\] auto-convert .*converted [1-9]/.test(stack.output()) && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(stack.output()).toMatch(/\[schedule\] auto-convert .*converted [1-9]/);
  } finally {
    const tookMs = await stopWith(stack, 'SIGINT');
    expect(tookMs).toBeLessThanOrEqual(STOP_LIMIT_MS);
  }
}, 900_000);

test('SIGTERM to the npm process stops everything, Java included, and frees the ports', async () => {
  const stack = await npmStart();
  const tookMs = await stopWith(stack, 'SIGTERM');
  expect(tookMs).toBeLessThanOrEqual(STOP_LIMIT_MS);
  expect(stack.output()).toContain('Stopped.');
}, 600_000);
