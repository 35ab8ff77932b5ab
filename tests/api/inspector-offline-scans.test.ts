/**
 * POST /v1/inspector/offline-scans over HTTP against the local stack: scans the inspector app verified
 * on the device during an outage reach the scan log once, whatever the number of uploads.
 */
import { client } from '../support/http';
import { registeredHolder, sandboxInspector, checkpoint } from '../support/inspector-fixtures';
import { codeKeys, signCode } from '../../functions/adapters/code-keys';
import { issueSession } from '../../functions/adapters/sessions';
import { signPayload } from '../../shared/payload';
import { offlineScansResponse } from '../../shared/api/offline-scans';
import { scanListResponse } from '../../shared/api/scan-log';

const api = client('api-inspector-offline-scans');
const GATE = 'demo-gate';
let inspector: Awaited<ReturnType<typeof sandboxInspector>>;

const upload = (scans: unknown[], token = inspector.token) => api.call('POST', '/v1/inspector/offline-scans', { scans }, { token });
const ownScans = async () => scanListResponse.parse((await api.call('GET', `/v1/inspector/scans?checkpointId=${GATE}`, undefined, { token: inspector.token })).body).scans;
let n = 0;
const scanId = () => `t${Date.now().toString(36)}-${n++}`;

beforeAll(async () => {
  await api.resetClock();
  inspector = await sandboxInspector([GATE]);
});

test('a green scan is logged once as an offline pass, however often it is uploaded', async () => {
  const person = await registeredHolder('钱小六');
  const scannedAt = new Date();
  const code = await signCode(person.holderId, 'green', new Date(scannedAt.getTime() - 20_000)); // inside the key window
  const scan = { scanId: scanId(), payload: code.payload, checkpointId: GATE, scannedAt: scannedAt.toISOString() };

  const first = await upload([scan]);
  expect(first.status).toBe(200);
  expect(offlineScansResponse.parse(first.body)).toEqual({ recorded: 1, duplicates: 0, rejected: 0, results: [{ scanId: scan.scanId, status: 'recorded', outcome: 'pass' }] });
  const again = await Promise.all([upload([scan]), upload([scan])]);
  expect(again.map((res) => res.body.results[0].status)).toEqual(['duplicate', 'duplicate']);

  const logged = (await ownScans()).filter((entry) => entry.at === scannedAt.toISOString());
  expect(logged).toEqual([
    { at: scannedAt.toISOString(), checkpointId: GATE, kind: 'code', outcome: 'pass', color: 'green', reason: 'offline', holder: { maskedName: '钱*六', maskedDocument: person.holder.maskedDocument } },
  ]);
  expect(first.text).not.toContain(person.documentNumber);
});

test('the verdict is the codec at the scan time: a payload not valid then is rejected and not logged', async () => {
  const person = await registeredHolder('孙七');
  const now = Date.now();
  // Issued 40 s ago (inside the stack key's window, which opens a minute before the stack starts).
  const code = await signCode(person.holderId, 'red', new Date(now - 40_000));
  const key = (await codeKeys()).ring.signingKey(new Date(now - 40_000));
  const issued = Math.floor((now - 40_000) / 1000);
  const shortLived = signPayload({ color: 'green', issuedAt: issued, expiresAt: issued + 1, holderRef: new Uint8Array(16).fill(1) }, key.seed, key.kid);
  const scannedAt = new Date(now).toISOString();
  const inTime = { scanId: scanId(), payload: code.payload, checkpointId: GATE, scannedAt };
  const late = { scanId: scanId(), payload: shortLived, checkpointId: GATE, scannedAt };
  const garbage = { scanId: scanId(), payload: 'https://example.com/not-a-code', checkpointId: GATE, scannedAt };
  const before = (await ownScans()).length;
  const res = await upload([inTime, late, garbage]);
  expect(res.status).toBe(200);
  expect(res.body.results).toEqual([
    { scanId: inTime.scanId, status: 'recorded', outcome: 'stop' },
    { scanId: late.scanId, status: 'rejected', reason: 'expired' },
    { scanId: garbage.scanId, status: 'rejected', reason: 'malformed' },
  ]);
  expect((await ownScans()).length).toBe(before + 1);
});

test('offline scans count against the online limit in the minute of the scan: the 121st is rejected', async () => {
  const own = await sandboxInspector([GATE]);
  const person = await registeredHolder('吴小九');
  // Scan times inside the current minute (one rate window), all in the past and after the stack's key
  // opened (a minute before the stack started). Signing, three uploads and the online scan must all
  // fall in that minute too: on a busy CI machine they take tens of seconds, so start early in one.
  const into = Date.now() % 60_000;
  if (into < 5_000 || into > 20_000) await new Promise((resolve) => setTimeout(resolve, (65_000 - into) % 60_000));
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  const span = Date.now() - minute - 2_000;
  const scans = await Promise.all(Array.from({ length: 121 }, async (_, i) => {
    const scannedAt = new Date(minute + 2_000 + Math.floor((i * span) / 121));
    const code = await signCode(person.holderId, 'green', new Date(scannedAt.getTime() - 1_000));
    return { scanId: scanId(), payload: code.payload, checkpointId: GATE, scannedAt: scannedAt.toISOString() };
  }));
  const answers = [];
  for (let i = 0; i < scans.length; i += 50) answers.push(await upload(scans.slice(i, i + 50), own.token));
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
  const results = answers.flatMap((a) => a.body.results as { status: string; reason?: string }[]);
  expect(results.filter((r) => r.status === 'recorded')).toHaveLength(120);
  expect(results.filter((r) => r.status === 'rejected')).toEqual([{ scanId: expect.any(String), status: 'rejected', reason: 'rate-limit' }]);
  // Online scans share the bucket: in this same minute the inspector is over the limit there too.
  const online = await api.call('POST', '/v1/inspector/verifications', { payload: scans[0]!.payload, checkpointId: GATE }, { token: own.token });
  expect(online.status).toBe(429);
}, 120_000);

test('a scan uploaded more than 24 hours after it was made is rejected', async () => {
  const person = await registeredHolder('郑十');
  const scannedAt = new Date(Date.now() - 25 * 3600_000);
  // Refused on its time before the payload is even read, so a code of now stands in for the old one.
  const code = await signCode(person.holderId, 'green', new Date());
  const res = await upload([{ scanId: scanId(), payload: code.payload, checkpointId: GATE, scannedAt: scannedAt.toISOString() }]);
  expect(res.body.results).toEqual([expect.objectContaining({ status: 'rejected', reason: 'time' })]);
});

test('scans from another checkpoint, from the future or from long ago are rejected and not logged', async () => {
  await checkpoint('offline-other-gate', '其他卡口');
  const person = await registeredHolder('周八');
  const code = await signCode(person.holderId, 'green', new Date());
  const before = (await ownScans()).length;
  const res = await upload([
    { scanId: scanId(), payload: code.payload, checkpointId: 'offline-other-gate', scannedAt: new Date().toISOString() },
    { scanId: scanId(), payload: code.payload, checkpointId: GATE, scannedAt: new Date(Date.now() + 5 * 60_000).toISOString() },
    { scanId: scanId(), payload: code.payload, checkpointId: GATE, scannedAt: new Date(Date.now() - 8 * 24 * 3600_000).toISOString() },
  ]);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ recorded: 0, rejected: 3 });
  expect(res.body.results.map((r: { reason: string }) => r.reason)).toEqual(['checkpoint', 'time', 'time']);
  expect((await ownScans()).length).toBe(before);
});

test('bad bodies get a Chinese 400, other roles 403, no token 401', async () => {
  const bad = await upload([{ scanId: 'a b', payload: '', checkpointId: GATE, scannedAt: 'yesterday' }]);
  expect(bad.status).toBe(400);
  expect(bad.headers.get('content-type')).toContain('application/problem+json');
  expect(bad.body.detail).toMatch(/[\u4e00-\u9fa5]/);
  const twice = await upload([
    { scanId: 'same', payload: 'x', checkpointId: GATE, scannedAt: new Date().toISOString() },
    { scanId: 'same', payload: 'x', checkpointId: GATE, scannedAt: new Date().toISOString() },
  ]);
  expect(twice.status).toBe(400);
  expect(twice.body.detail).toBe('扫码编号不能重复');
  const resident = await issueSession({ sub: 'some-account', role: 'resident' }, new Date());
  expect((await upload([], resident.token)).status).toBe(403);
  expect((await api.call('POST', '/v1/inspector/offline-scans', { scans: [] })).status).toBe(401);
});
