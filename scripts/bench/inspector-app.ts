/**
 * The inspector app at the gate: the time from the scanner handing over a code (`dd.scan` success)
 * to the verdict in the result page's data (what the screen renders), through the page harness with
 * the bundles `npm run build:mini` ships.
 * - online: `dd.httpRequest` is real HTTP to a local stack (serverless-offline + DynamoDB Local);
 * - offline: the network is down, so the app verifies with the cached `/v1/keys` and queues the scan.
 * Side by side in the same run: the bare HTTP round trip of the same verification (fetch from Node),
 * and the bare codec verify in Node, so the ratios show what the app itself adds. Also the size of
 * the built main package.
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import type { BenchRow } from './row';
import { startLocalStack } from '../lib/stack';
import { buildMiniProgram, MAIN_PACKAGE_LIMIT_BYTES } from '../../tools/mini-build';
import { keyRingFromKeys, verifyPayload } from '../../shared/payload';
import { createDingTalkApp } from '../../tools/mini-harness/dingtalk';
import { DEMO_CHECKPOINT, DEMO_INSPECTOR_SUBJECT } from '../lib/seed';
import { Journey } from '../reliability/journey';
import { syntheticPerson } from '../reliability/people';
import { answerJson, httpTarget } from '../reliability/target';

const SCANS = 40;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)]!;
const ms = (value: number) => `${value.toFixed(2)} ms`;

export async function benchInspectorApp(): Promise<BenchRow[]> {
  const outDir = join(process.cwd(), '.build', 'bench-mini-inspector');
  const built = await buildMiniProgram({ appDir: join(process.cwd(), 'mini-program', 'inspector'), outDir, stage: 'local' });

  const stack = await startLocalStack();
  Object.assign(process.env, {
    API_URL: stack.apiUrl,
    DYNAMODB_ENDPOINT: stack.dynamoEndpoint,
    TABLE_NAME: stack.tableName,
    SECRETS_JSON: JSON.stringify(stack.secrets),
    STAGE: 'local',
  });
  try {
    const scope = 'bench-inspector-app';
    const GATE = DEMO_CHECKPOINT.id;
    const api = httpTarget(stack.apiUrl);
    // A green resident with a code, fetched the way the resident app does.
    const journey = new Journey(api, scope);
    const { token: residentToken } = await journey.registeredResident(`bench-r-${Date.now()}`, syntheticPerson());
    const code = { payload: await journey.code(residentToken) };
    // The seeded sandbox inspector, granted the demo gate; the fresh stack gives it a rate-limit bucket of its own.
    const session = await api({ method: 'POST', path: '/v1/inspector/sessions', headers: { 'x-dev-clock-scope': scope }, body: JSON.stringify({ provider: 'sandbox', subject: DEMO_INSPECTOR_SUBJECT }) });
    if (session.status !== 200) throw new Error(`inspector sign-in answered ${session.status}: ${session.text.slice(0, 200)}`);
    const inspector = { subject: DEMO_INSPECTOR_SUBJECT, token: answerJson(session).token as string };
    const app = createDingTalkApp({ appDir: 'mini-program/inspector', clockScope: scope, apiUrl: stack.apiUrl });
    const signInPage = await app.launch();
    await signInPage.call('onSubjectInput', { detail: { value: inspector.subject } });
    await signInPage.call('onSignIn');
    if (app.current.route !== 'pages/scan/index') throw new Error(`sign-in ended on ${app.current.route}: ${JSON.stringify(app.current.data)}`);
    const scan = app.current;

    const measure = async (): Promise<number> => {
      let handedOver = Number.NaN;
      app.onScanDelivered = () => {
        handedOver = performance.now();
      };
      app.scanner.next(code.payload);
      await scan.call('onScan');
      const shown = performance.now();
      if (app.current.route !== 'pages/result/index' || app.current.data.headline !== '放行') throw new Error(`no pass on screen: ${JSON.stringify(app.current.data)}`);
      await app.current.call('onNext'); // the camera reads nothing: back on the scan page
      if (Number.isNaN(handedOver)) throw new Error('the scanner never handed over a code');
      return shown - handedOver;
    };

    const online: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < SCANS; i++) {
      online.push(await measure());
      const t0 = performance.now();
      const res = await fetch(`${stack.apiUrl}/v1/inspector/verifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${inspector.token}`, 'x-dev-clock-scope': scope },
        body: JSON.stringify({ payload: code.payload, checkpointId: GATE }),
      });
      await res.text();
      bare.push(performance.now() - t0);
    }

    app.controls.offline = true;
    const offline: number[] = [];
    for (let i = 0; i < SCANS; i++) offline.push(await measure());
    if (app.current.route !== 'pages/scan/index') throw new Error('offline scans did not return to the scan page');

    const keys = (await (await fetch(`${stack.apiUrl}/v1/keys`)).json()) as Parameters<typeof keyRingFromKeys>[0];
    const ring = keyRingFromKeys(keys);
    const codec: number[] = [];
    for (let i = 0; i < SCANS; i++) {
      const t0 = performance.now();
      if (!verifyPayload(code.payload, ring, new Date()).ok) throw new Error('codec refused a fresh code');
      codec.push(performance.now() - t0);
    }
    const queued = (app.storage.get('offlineQueue') as unknown[] | undefined)?.length ?? 0;
    await app.close();

    return [
      { name: 'main package (build:mini, stage local)', value: `${(built.bytes.total / 1024).toFixed(1)} KB`, note: `${((100 * built.bytes.total) / MAIN_PACKAGE_LIMIT_BYTES).toFixed(1)}% of 2 MB; scripts ${(built.bytes.scripts / 1024).toFixed(1)} KB` },
      { name: 'scan → verdict on screen, online (median)', value: ms(median(online)), note: `p90 ${ms(p90(online))}, ${SCANS} scans` },
      { name: 'bare POST /v1/inspector/verifications (median)', value: ms(median(bare)), note: `app / bare = ${(median(online) / median(bare)).toFixed(2)}` },
      { name: 'scan → verdict on screen, offline (median)', value: ms(median(offline)), note: `p90 ${ms(p90(offline))}; ${queued} scans queued for upload` },
      { name: 'bare codec verify in Node (median)', value: ms(median(codec)), note: `offline app / codec = ${(median(offline) / median(codec)).toFixed(1)}` },
      { name: 'verify timeout before the offline verdict', value: '2000 ms', note: 'when the API hangs instead of failing: add this to the offline figure' },
    ];
  } finally {
    await stack.stop();
  }
}
