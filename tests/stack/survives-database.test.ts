/**
 * The local stack survives its database: `npm start` (its own process group, free ports, as in
 * quick-start.test.ts) has its DynamoDB Local killed, then its API. Each time the console says what
 * happened in plain words, the stack comes back by itself, and with --persist a write answered 201
 * before the kill is still there after it; without --persist the stack says the data is gone and
 * seeds the demo data again, so a demo resident can sign in at once.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, portInUse } from '../../scripts/lib/dynamodb-local';

const run = promisify(execFile);

interface Started {
  child: ChildProcess;
  api: string;
  ports: number[];
  output: () => string;
}

async function waitFor(what: string, started: Started, done: () => boolean | Promise<boolean>, ms = 300_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (started.child.exitCode !== null) throw new Error(`npm start exited with ${started.child.exitCode} while waiting for ${what}:\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms / 1000} s:\n${started.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function npmStart(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const [port, dynamoPort] = [await freePort(), await freePort()];
  const full: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port), DYNAMODB_PORT: String(dynamoPort), LOG_LEVEL: 'INFO' };
  for (const name of ['API_URL', 'DYNAMODB_ENDPOINT', 'TABLE_NAME', 'SECRETS_JSON', 'STAGE', 'API_LOG_FILE', 'VERBOSE']) delete full[name];
  const child = spawn('npm', ['start', ...(args.length ? ['--', ...args] : [])], { env: full, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (text += c.toString()));
  const started = { child, api: `http://127.0.0.1:${port}`, ports: [port, dynamoPort], output: () => text };
  await waitFor('banner', started, () => text.includes('(ready in'), 420_000);
  return started;
}

/** The pid of the group's process whose command line matches (only processes this test started). */
async function pidOf(started: Started, match: (args: string) => boolean): Promise<number> {
  const { stdout } = await run('ps', ['-eo', 'pid=,pgid=,args=']);
  const rows = stdout.split('\n').map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l)).filter((m): m is RegExpExecArray => Boolean(m));
  const found = rows.find((m) => Number(m[2]) === started.child.pid && match(m[3]!));
  if (!found) throw new Error('process not found in the npm start group');
  return Number(found[1]);
}
const isJava = (args: string) => args.includes('DynamoDBLocal.jar');
const isApi = (args: string) => args.includes('serverless.js') && args.includes('offline');

async function stop(started: Started): Promise<void> {
  const pgid = started.child.pid!;
  started.child.kill('SIGINT');
  for (const until = Date.now() + 30_000; Date.now() < until; ) {
    let alive = true;
    try {
      process.kill(-pgid, 0);
    } catch {
      alive = false;
    }
    if (!alive && !(await Promise.all(started.ports.map((p) => portInUse(p)))).some(Boolean)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // gone
  }
}

const post = (api: string, path: string, body: unknown, token?: string) =>
  fetch(api + path, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
async function signIn(api: string, subject: string): Promise<string> {
  const res = await post(api, '/v1/resident/sessions', { provider: 'sandbox', subject });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}
const statusOf = async (api: string, token: string) => (await fetch(`${api}/v1/resident/status`, { headers: { authorization: `Bearer ${token}`, connection: 'close' } })).json() as Promise<{ color: string; reasons: { code: string }[] }>;
const recoveries = (text: string) => text.split('\n').filter((l) => l.includes('[stack] Recovered in')).length;

test('without --persist: DynamoDB Local killed, the stack says the data is gone, re-seeds and recovers; the API killed, it comes back', async () => {
  const stack = await npmStart([]);
  try {
    process.kill(await pidOf(stack, isJava), 'SIGKILL');
    await waitFor('recovery', stack, () => recoveries(stack.output()) >= 1);
    const text = stack.output();
    expect(text).toMatch(/\[stack\] DynamoDB Local stopped unexpectedly \(killed by SIGKILL\)/);
    expect(text).toMatch(/\[stack\] .*data was in memory .*everything stored before is gone.*demo data seeded again/);
    // Re-seeded: the demo resident signs in and has a colour again; health is ok.
    expect(await (await fetch(`${stack.api}/v1/health`, { headers: { connection: 'close' } })).json()).toMatchObject({ status: 'ok' });
    expect((await statusOf(stack.api, await signIn(stack.api, 'demo-resident-2'))).color).toBe('yellow');

    process.kill(await pidOf(stack, isApi), 'SIGKILL');
    await waitFor('second recovery', stack, () => recoveries(stack.output()) >= 2);
    expect(stack.output()).toMatch(/\[stack\] The API \(serverless-offline\) stopped unexpectedly \(killed by SIGKILL\)/);
    expect((await fetch(`${stack.api}/v1/health`, { headers: { connection: 'close' } })).status).toBe(200);
    expect(stack.child.exitCode).toBeNull();
  } finally {
    await stop(stack);
  }
}, 900_000);

test('with --persist: a declaration answered 201 before DynamoDB Local is killed is still there after the recovery', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'health-code-persist-'));
  const stack = await npmStart(['--persist'], { LOCAL_DATA_DIR: dataDir });
  try {
    const token = await signIn(stack.api, 'demo-resident-1');
    const declared = await post(stack.api, '/v1/resident/declarations', { region: '331102', travel: [], symptoms: ['cough'], contactWithCase: false, commitment: true }, token);
    expect(declared.status).toBe(201);
    const before = await statusOf(stack.api, token);
    expect(before.reasons.map((r) => r.code)).toContain('fever-or-symptoms');

    process.kill(await pidOf(stack, isJava), 'SIGKILL');
    await waitFor('recovery', stack, () => recoveries(stack.output()) >= 1);
    expect(stack.output()).toMatch(/\[stack\] DynamoDB Local is back with the data kept in .*nothing that was stored is lost/);
    const after = await statusOf(stack.api, await signIn(stack.api, 'demo-resident-1'));
    expect({ color: after.color, reasons: after.reasons.map((r) => r.code) }).toEqual({ color: before.color, reasons: before.reasons.map((r) => r.code) });
    expect(after.color).toBe('yellow');
  } finally {
    await stop(stack);
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 900_000);
