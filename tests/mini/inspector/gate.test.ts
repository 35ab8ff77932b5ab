/**
 * The inspector DingTalk app at the gate, driven through the page harness with `dd` fakes and real
 * HTTP to the local stack: sign in, scan green / red / expired / garbage codes, keep working while the
 * API is unreachable and upload those scans once it is back, and check a person without a phone.
 */
import { jest } from '@jest/globals';
import { randomInt } from 'node:crypto';
import { client, call } from '../../support/http';
import { generateResidentIdCheckDigit } from '../../../shared/identity';
import { scanListResponse } from '../../../shared/api/scan-log';
import { clockTime } from '../../../mini-program/common/clock';
import { GATE, inspectorApp, ownInspector, residentWithCode, signedIn, switchableRelay } from './support';
import { NO_KEYS_TEXT } from '../../../mini-program/inspector/pages/scan/utils';
import { CREDENTIALS, CREDENTIAL_LABELS } from '../../../shared/api';
import type { DingTalkApp } from '../harness';

// Pages are bundled with esbuild on first use, and every step is real HTTP: allow for a busy machine.
jest.setTimeout(300_000);

const SCOPE = 'mini-inspector-gate';
const api = client(SCOPE);
let inspector: { subject: string; token: string };
const apps: DingTalkApp[] = [];

function newApp(apiUrl?: string): DingTalkApp {
  const app = inspectorApp(SCOPE, apiUrl);
  apps.push(app);
  return app;
}

async function ownScans() {
  const res = await call('GET', `/v1/inspector/scans?checkpointId=${GATE}&limit=100`, undefined, { token: inspector.token });
  return scanListResponse.parse(res.body).scans;
}

beforeAll(async () => {
  await api.resetClock();
  inspector = await ownInspector();
});

afterEach(async () => {
  await api.resetClock();
  while (apps.length) await apps.pop()!.close();
});

test('sign-in: an unknown DingTalk user is told they are not an inspector and whom to ask', async () => {
  const app = newApp();
  const page = await app.launch();
  await page.call('onSubjectInput', { detail: { value: 'nobody-at-this-gate' } });
  await page.call('onSignIn');
  expect(app.current.route).toBe('pages/signin/index');
  expect(page.data.error).toBe('您不是授权核验人员');
  expect(page.data.help).toMatch(/负责人/);
});

test('1. a green code: 通行, with the masked holder and both times, and a short buzz', async () => {
  const { code } = await residentWithCode(SCOPE);
  const app = newApp();
  const scan = await signedIn(app, inspector.subject);
  expect(scan.data).toMatchObject({ checkpointName: expect.any(String), networkText: '网络正常', offline: false });
  expect(app.screen.keptOn).toBe(true);

  app.scanner.next(code.payload);
  await scan.call('onScan');
  const result = app.current;
  expect(result.route).toBe('pages/result/index');
  expect(result.data).toMatchObject({
    tone: 'pass',
    headline: '放行',
    colorLabel: '绿码',
    maskedName: code.holder.maskedName,
    maskedDocument: code.holder.maskedDocument,
    issuedAtText: `亮码时间 ${clockTime(new Date(code.issuedAt))}`,
    checkedAtText: expect.stringMatching(/^核验时间 \d\d:\d\d:\d\d$/),
    offlineMarker: '',
  });
  expect(app.vibrations).toEqual(['short']);
  expect(app.sounds).toEqual(['/sounds/pass.wav']);
  expect(result.data).toMatchObject({ mark: '✓', chipText: '' });

  // The next person in one tap: back on the scan page, the camera opens by itself.
  app.scanner.next(code.payload);
  await result.call('onNext');
  expect(app.scanner.opened).toBe(2);
  expect(app.current.route).toBe('pages/result/index');
  expect(app.current.data.headline).toBe('放行');
});

test('2. a red code: 禁止进入 with ✕ and a 红码 chip, a long buzz and its own sound; stray taps do not dismiss it', async () => {
  const { code } = await residentWithCode(SCOPE, true);
  expect(code.color).toBe('red');
  const app = newApp();
  const scan = await signedIn(app, inspector.subject);
  app.scanner.next(code.payload);
  await scan.call('onScan');
  expect(app.current.data).toMatchObject({ tone: 'stop', headline: '禁止进入', colorLabel: '红码', maskedName: code.holder.maskedName, reasonText: '不符合通行条件' });
  expect(app.current.data).toMatchObject({ mark: '✕', chipText: '红码' });
  expect(app.current.data.background).not.toBe(app.current.data.foreground);
  expect(app.vibrations).toEqual(['long']);
  expect(app.sounds).toEqual(['/sounds/stop.wav']);

  // A stray touch on the screen, and the button hit in the first 800 ms, keep the stop up.
  const stop = app.current;
  await stop.call('onScreenTap');
  await stop.call('onNext');
  await app.clock.advance(500);
  await stop.call('onScreenTap');
  await stop.call('onNext');
  expect(app.current.route).toBe('pages/result/index');
  expect(app.current.data.tone).toBe('stop');
  await app.clock.advance(300);
  await stop.call('onScreenTap');
  expect(app.current.route).toBe('pages/result/index');
  await stop.call('onNext');
  expect(app.current.route).toBe('pages/scan/index');
});

test('3. an expired code: invalid, 二维码已过期，请对方刷新', async () => {
  const { code } = await residentWithCode(SCOPE);
  const app = newApp();
  const scan = await signedIn(app, inspector.subject);
  await api.setClock(new Date(Date.parse(code.expiresAt) + 60_000));
  app.scanner.next(code.payload);
  await scan.call('onScan');
  expect(app.current.data).toMatchObject({ tone: 'invalid', headline: '码无效', reasonText: '二维码已过期，请对方刷新', maskedName: '', offlineMarker: '' });
});

test('4. garbage: 二维码无法识别, and the app goes on working', async () => {
  const { code } = await residentWithCode(SCOPE);
  const app = newApp();
  const scan = await signedIn(app, inspector.subject);
  for (const garbage of ['https://example.com/pay?id=42', 'LSHC1:%%%', 'x'.repeat(5000)]) {
    app.scanner.next(garbage);
    await scan.call('onScan');
    expect(app.current.data).toMatchObject({ tone: 'invalid', reasonText: '二维码无法识别', mark: '？' });
    await app.current.call('onScreenTap'); // an invalid code is not brushed away either
    expect(app.current.route).toBe('pages/result/index');
    await app.clock.advance(800);
    await app.current.call('onNext'); // opens the camera, which reads nothing: back on the scan page
    expect(app.current.route).toBe('pages/scan/index');
  }
  app.scanner.next(code.payload);
  await scan.call('onScan');
  expect(app.current.data.headline).toBe('放行');
});

test('5. API unreachable: an offline pass with the marker; uploaded exactly once when the network is back', async () => {
  const relay = await switchableRelay(process.env.API_URL!);
  try {
    const { code } = await residentWithCode(SCOPE);
    const app = newApp(relay.url);
    const scan = await signedIn(app, inspector.subject); // keys and clock are synced on the scan page
    expect(app.storage.get('keyRing')).toMatchObject({ keys: expect.arrayContaining([expect.objectContaining({ alg: 'EdDSA' })]) });
    const before = await ownScans();

    await relay.down();
    app.scanner.next(code.payload);
    await scan.call('onScan');
    expect(app.current.data).toMatchObject({
      tone: 'pass',
      headline: '放行',
      colorLabel: '绿码',
      offlineMarker: `离线核验 · 颜色为${clockTime(new Date(code.issuedAt))}时状态`,
    });
    expect(app.vibrations).toEqual(['short']);
    await app.current.call('onNext'); // the camera reads nothing this time
    expect(scan.data.queuedText).toBe('1条离线核验记录待上传，联网后自动上传');
    await scan.call('sync');
    expect(scan.data).toMatchObject({ offline: true, networkText: '网络不通：扫码将离线核验' });
    expect(await ownScans()).toHaveLength(before.length);

    // The network returns, but the answer to the first upload is lost on the way back.
    await relay.up();
    relay.dropNextAnswer('/v1/inspector/offline-scans');
    await app.networkChanged(true);
    expect(app.storage.get('offlineQueue')).toHaveLength(1);
    // The next periodic sync uploads the same scan again; the backend knows its id.
    await app.clock.advance(60_000);
    expect(app.storage.get('offlineQueue')).toEqual([]);
    expect(scan.data).toMatchObject({ offline: false, queuedText: '' });
    const after = await ownScans();
    expect(after).toHaveLength(before.length + 1);
    expect(after.filter((entry) => entry.reason === 'offline')).toEqual([
      expect.objectContaining({ outcome: 'pass', color: 'green', holder: code.holder }),
    ]);
  } finally {
    await relay.down().catch(() => undefined);
  }
});

test('5b. offline with no keys on the phone: the scan page says verification is impossible, never a verdict, nothing queued', async () => {
  const relay = await switchableRelay(process.env.API_URL!);
  try {
    const { code } = await residentWithCode(SCOPE);
    const app = newApp(relay.url);
    const scan = await signedIn(app, inspector.subject);
    // A phone that never kept its key ring (storage cleared), then loses the network.
    app.storage.delete('keyRing');
    await relay.down();
    await scan.call('sync');
    expect(scan.data).toMatchObject({ offline: true, noKeys: true, networkText: '网络不通' });
    expect(scan.data.noKeysText).toEqual(NO_KEYS_TEXT);
    app.scanner.next(code.payload);
    await scan.call('onScan');
    expect(app.current.route).toBe('pages/scan/index');
    expect(app.current.data).toMatchObject({ busy: false, noKeys: true });
    expect(app.storage.get('verdict')).toBeUndefined();
    expect(app.sounds).toEqual([]);
    expect(app.vibrations).toEqual([]);
    expect(app.storage.get('offlineQueue') ?? []).toEqual([]);
    expect(NO_KEYS_TEXT.lines.join('')).toMatch(/人工核验/);
    expect(NO_KEYS_TEXT.lines.join('')).toMatch(/连上网络/);
  } finally {
    await relay.down().catch(() => undefined);
  }
});

test('6. manual check of an elderly person without a phone: credential, live ID check, temperature', async () => {
  const first17 = `33112719410315${String(randomInt(1000)).padStart(3, '0')}`; // born 15 March 1941, 景宁
  const idNumber = first17 + generateResidentIdCheckDigit(first17);
  const app = newApp();
  const scan = await signedIn(app, inspector.subject);
  await scan.call('onManual');
  const manual = app.current;
  expect(manual.route).toBe('pages/manual/index');

  await manual.call('onSubmit');
  expect(manual.data.errors).toMatchObject({ credential: '请选择所持证明', temperature: '请填写体温' });

  // The credentials carry the names the API and the records use.
  expect(manual.data.credentials).toEqual(CREDENTIALS.map((id) => ({ id, label: CREDENTIAL_LABELS[id] })));
  await manual.tap('onCredential', { id: 'community-pass' });
  await manual.call('onDocumentInput', { detail: { value: idNumber.slice(0, 10) } });
  expect(manual.data).toMatchObject({ hint: '已输入10位，还差8位', hintOk: false });
  await manual.call('onDocumentInput', { detail: { value: idNumber.slice(0, 17) + (idNumber.endsWith('1') ? '2' : '1') } });
  expect(manual.data).toMatchObject({ hint: '身份证号校验位不正确', hintOk: false });
  await manual.call('onDocumentInput', { detail: { value: idNumber.toLowerCase() } });
  expect(manual.data).toMatchObject({ hint: '证件号码有效', hintOk: true });
  await manual.call('onTemperatureInput', { detail: { value: '36.4' } });
  await manual.call('onSubmit');

  expect(app.current.route).toBe('pages/result/index');
  // Someone without a code passes on their credential, and the screen says so and that it was a manual check.
  expect(app.current.data).toMatchObject({ tone: 'pass', headline: '放行', nextLabel: '核验下一位', kindLabel: '人工核验结果', reasonText: '此人未申领健康码：凭所持证明和正常体温放行' });
  expect(app.vibrations).toEqual(['short']);
  await app.current.call('onNext');
  expect(app.current.route).toBe('pages/manual/index');
  expect(app.current.data).toMatchObject({ credential: '', documentNumber: '', temperature: '' });

  // The same person with a fever is stopped.
  await manual.tap('onCredential', { id: 'community-pass' });
  await manual.call('onDocumentInput', { detail: { value: idNumber } });
  await manual.call('onTemperatureInput', { detail: { value: '37.6' } });
  await manual.call('onSubmit');
  expect(app.current.data).toMatchObject({ tone: 'stop', headline: '禁止进入', reasonText: expect.stringContaining('体温异常') });
});

test('recent scans: this inspector’s checks today, masked, with pass, stop and invalid counts', async () => {
  const green = await residentWithCode(SCOPE);
  const red = await residentWithCode(SCOPE, true);
  const app = newApp();
  const scan = await signedIn(app, inspector.subject);
  for (const payload of [green.code.payload, red.code.payload, 'not a health code']) {
    app.scanner.next(payload);
    await scan.call('onScan');
    await app.clock.advance(800);
    await app.current.call('onNext');
  }
  await scan.call('onRecent');
  const recent = app.current;
  expect(recent.route).toBe('pages/recent/index');
  const scans = await ownScans();
  const counts = { pass: 0, stop: 0, invalid: 0 };
  for (const s of scans) counts[s.outcome] += 1;
  expect(Math.min(counts.pass, counts.stop, counts.invalid)).toBeGreaterThan(0);
  expect(recent.data).toMatchObject({ ...counts, loading: false, message: '' });
  expect(recent.data.rows.length).toBe(Math.min(scans.length, 50));
  expect(recent.data.rows).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ outcomeText: '码无效', detail: '扫码 · 二维码无法识别' }),
      expect.objectContaining({ outcomeText: '禁止进入', detail: '扫码 · 红码', holder: `${red.code.holder.maskedName} ${red.code.holder.maskedDocument}` }),
    ]),
  );
  expect(JSON.stringify(recent.data.rows)).not.toMatch(/\d{17}[\dX]/);
});
