/**
 * The inspector's side over HTTP against the local stack: sign-in, verify,
 * manual checks, the scan log, the checkpoint counters, rate limits.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { client, call } from '../support/http';
import { checkpoint, registeredHolder, residentIdNumber, sandboxInspector, store } from '../support/inspector-fixtures';
import { applyHolderChange } from '../../functions/core/holder-state';
import { codeKeys, signCode } from '../../functions/adapters/code-keys';
import { issueSession } from '../../functions/adapters/sessions';
import { signPayload, PAYLOAD_SCHEME } from '../../shared/payload';
import { verificationResponse, manualCheckResponse } from '../../shared/api/inspector';
import { scanListResponse, checkpointStatsResponse } from '../../shared/api/scan-log';
import { shanghaiDay } from '../../shared/time';
import { eventually } from '../support/eventually';
import { LOCAL_AUTHORITY_KEY } from '../../scripts/lib/seed';
import { profileBody, signIn } from '../support/resident-fixtures';

const api = client('api-inspector');
const GATE = 'demo-gate';
let inspector: Awaited<ReturnType<typeof sandboxInspector>>;

const verify = (payload: string, token = inspector.token, checkpointId = GATE) =>
  api.call('POST', '/v1/inspector/verifications', { payload, checkpointId }, { token });

const manual = (body: Record<string, unknown>, token = inspector.token) =>
  api.call('POST', '/v1/inspector/manual-checks', { documentType: 'resident-id', credential: 'community-pass', checkpointId: GATE, ...body }, { token });

beforeAll(async () => {
  await api.resetClock();
  inspector = await sandboxInspector([GATE]);
});

afterAll(async () => {
  await api.resetClock();
});

describe('scan to verify', () => {
  test('green → pass; red since → the same payload stops; 4 minutes later → expired', async () => {
    const person = await registeredHolder('张小三');
    expect(person.status.color).toBe('green');
    const code = await signCode(person.holderId, 'green', new Date());

    // 1. green code, sandbox inspector: pass with the masked name only
    const first = await verify(code.payload);
    expect(first.status).toBe(200);
    const pass = verificationResponse.parse(first.body);
    expect(pass).toMatchObject({ outcome: 'pass', color: 'green', holder: { maskedName: '张*三', maskedDocument: person.holder.maskedDocument } });
    expect(pass.issuedAt).toBe(code.issuedAt);
    expect(first.text).not.toContain('张小三');
    expect(first.text).not.toContain(person.documentNumber);

    // 2. a declaration turns the resident red: the unexpired green payload now stops
    const red = await applyHolderChange(store, person.holderId, { cause: { kind: 'declaration' }, declaration: { region: '331102', travel: [], symptoms: [], contactWithCase: true } }, new Date());
    expect(red?.color).toBe('red');
    const second = await verify(code.payload);
    expect(second.body).toMatchObject({ outcome: 'stop', color: 'red', holder: { maskedName: '张*三' } });

    // 3. the dev clock moves 4 minutes: invalid, expired
    await api.setClock(new Date(Date.now() + 4 * 60_000));
    const third = await verify(code.payload);
    expect(third.status).toBe(200);
    expect(third.body).toEqual({ outcome: 'invalid', reason: 'expired', checkedAt: expect.any(String) });
    await api.resetClock();
  });

  test('one flipped character is bad-signature or malformed', async () => {
    const person = await registeredHolder('李四');
    const { payload } = await signCode(person.holderId, 'green', new Date());
    const i = PAYLOAD_SCHEME.length + Math.floor((payload.length - PAYLOAD_SCHEME.length) * 0.8);
    const flipped = payload.slice(0, i) + (payload[i] === '0' ? '1' : '0') + payload.slice(i + 1);
    const res = await verify(flipped);
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('invalid');
    expect(['bad-signature', 'malformed']).toContain(res.body.reason);
    expect(res.body.holder).toBeUndefined();
  });

  test('a payload signed by a key not in /v1/keys is unknown-key', async () => {
    const person = await registeredHolder('王五');
    const published = await call('GET', '/v1/keys');
    expect(published.body.keys.map((k: { kid: string }) => k.kid)).not.toContain('rogue');
    const t = Math.floor(Date.now() / 1000);
    const holderRef = await (await codeKeys()).sealer.seal(person.holderId);
    const rogue = signPayload({ color: 'green', issuedAt: t, expiresAt: t + 120, holderRef }, ed25519.utils.randomSecretKey(), 'rogue');
    const res = await verify(rogue);
    expect(res.body).toMatchObject({ outcome: 'invalid', reason: 'unknown-key' });
  });

  test('a deleted account answers invalid / not-found', async () => {
    const person = await registeredHolder('赵六');
    const { payload } = await signCode(person.holderId, 'green', new Date());
    const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
    const { keys } = await import('../../functions/adapters/keys');
    await store.db.send(new DeleteCommand({ TableName: store.tableName, Key: keys.status(person.holderId) }));
    expect((await verify(payload)).body).toMatchObject({ outcome: 'invalid', reason: 'not-found' });
  });

  test('a resident token is 403, no token is 401, a checkpoint not in the token is 403', async () => {
    const { token: residentToken } = await issueSession({ sub: 'resident-x', role: 'resident' }, new Date());
    const asResident = await verify('LSHC1:anything', residentToken);
    expect(asResident.status).toBe(403);
    expect(asResident.headers.get('content-type')).toMatch(/problem\+json/);
    const anonymous = await api.call('POST', '/v1/inspector/verifications', { payload: 'LSHC1:x', checkpointId: GATE });
    expect(anonymous.status).toBe(401);
    const elsewhere = await verify('LSHC1:x', inspector.token, 'some-other-gate');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.detail).toBe('您未被授权在此卡口核验');
  });
});

describe('one payload, one gate', () => {
  test('a payload passed at one checkpoint is a stop at a second one, and passes again at the first', async () => {
    const second = `it-second-${Date.now().toString(36)}`;
    await checkpoint(second, '第二卡口');
    const both = await sandboxInspector([GATE, second]);
    const person = await registeredHolder('冯十一');
    const { payload } = await signCode(person.holderId, 'green', new Date());
    const first = await verify(payload, both.token, GATE);
    expect(first.body).toMatchObject({ outcome: 'pass', color: 'green' });
    // A double tap at the same gate is still a pass.
    expect((await verify(payload, both.token, GATE)).body).toMatchObject({ outcome: 'pass' });
    const elsewhere = await verify(payload, both.token, second);
    expect(elsewhere.status).toBe(200);
    expect(verificationResponse.parse(elsewhere.body)).toEqual({ outcome: 'stop', reason: 'used-elsewhere', issuedAt: expect.any(String), checkedAt: expect.any(String) });
    // A fresh code of the same person passes at the second gate.
    const fresh = await signCode(person.holderId, 'green', new Date(Date.now() + 1_000));
    expect((await verify(fresh.payload, both.token, second)).body).toMatchObject({ outcome: 'pass' });
    // The refusal is in the scan log.
    const scans = await api.call('GET', `/v1/inspector/scans?checkpointId=${second}`, undefined, { token: both.token });
    expect(scans.body.scans.map((s: { outcome: string; reason?: string }) => [s.outcome, s.reason])).toContainEqual(['stop', 'used-elsewhere']);
  });
});

describe('manual checks', () => {
  test('an unregistered person with a credential passes at 36.5 and is stopped at 37.5', async () => {
    const documentNumber = residentIdNumber();
    const normal = await manual({ documentNumber, temperature: 36.5 });
    expect(normal.status).toBe(200);
    expect(manualCheckResponse.parse(normal.body)).toEqual({ outcome: 'pass', reason: 'unregistered' });
    const fever = await manual({ documentNumber, temperature: 37.5, credential: 'health-certificate' });
    expect(fever.body).toEqual({ outcome: 'stop', reason: 'fever' });
  });

  test('a listed close contact without an account is stopped, with no colour and no reason', async () => {
    const documentNumber = residentIdNumber();
    const feed = await api.call('POST', '/v1/authority/feeds', {
      feedId: `manual-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      type: 'close-contact',
      records: [{ documentType: 'resident-id', documentNumber, at: new Date(Date.now() - 3_600_000).toISOString(), lastExposureDay: shanghaiDay(new Date()) }],
    }, { headers: { 'x-authority-key': LOCAL_AUTHORITY_KEY } });
    expect(feed.status).toBe(202);
    const res = await manual({ documentNumber, temperature: 36.6 });
    expect(res.status).toBe(200);
    expect(manualCheckResponse.parse(res.body)).toEqual({ outcome: 'stop' });
  });

  test('a resident made red by a feed who then deletes the account is still stopped at the manual check', async () => {
    const me = await signIn('api-inspector');
    const profile = profileBody();
    expect((await me.call('POST', '/v1/resident/profile', profile)).status).toBe(201);
    const feed = await api.call('POST', '/v1/authority/feeds', {
      feedId: `manual-del-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      type: 'confirmed',
      records: [{ documentType: 'resident-id', documentNumber: profile.documentNumber, at: new Date(Date.now() - 3_600_000).toISOString() }],
    }, { headers: { 'x-authority-key': LOCAL_AUTHORITY_KEY } });
    expect(feed.status).toBe(202);
    expect((await me.call('DELETE', '/v1/resident/account')).status).toBe(204);
    expect((await manual({ documentNumber: profile.documentNumber, temperature: 36.6 })).body).toEqual({ outcome: 'stop' });
  });

  test('a registered person gets their live colour, masked; a fever stops even green', async () => {
    const red = await registeredHolder('孙七', { region: '331102', travel: [], symptoms: [], contactWithCase: true });
    const res = await manual({ documentNumber: red.documentNumber, temperature: 36.4 });
    expect(res.body).toEqual({ outcome: 'stop', color: 'red', holder: red.holder });
    const green = await registeredHolder('周八');
    expect((await manual({ documentNumber: green.documentNumber, temperature: 36.4 })).body).toMatchObject({ outcome: 'pass', color: 'green' });
    expect((await manual({ documentNumber: green.documentNumber, temperature: 38.0 })).body).toMatchObject({ outcome: 'stop', color: 'green', reason: 'fever' });
  });

  test('a wrong check digit or an impossible temperature is a Chinese 400', async () => {
    const good = residentIdNumber();
    const wrongDigit = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await manual({ documentNumber: wrongDigit, temperature: 36.5 });
    expect(res.status).toBe(400);
    expect(res.body.errors.some((e: { path: string }) => e.path === 'documentNumber')).toBe(true);
    expect((await manual({ documentNumber: good, temperature: 45 })).status).toBe(400);
  });
});

describe('scan log, counters and limits', () => {
  test('the inspector sees only their own scans, newest first, masked, page by page', async () => {
    const me = await sandboxInspector([GATE]);
    const other = await sandboxInspector([GATE]);
    const person = await registeredHolder('吴九');
    const { payload } = await signCode(person.holderId, 'green', new Date());
    await verify(payload, me.token);
    await verify('LSHC1:garbage', me.token);
    await manual({ documentNumber: residentIdNumber(), temperature: 36.6 }, me.token);
    await verify(payload, other.token);

    const page1 = await api.call('GET', '/v1/inspector/scans?limit=2', undefined, { token: me.token });
    expect(page1.status).toBe(200);
    const body1 = scanListResponse.parse(page1.body);
    expect(body1.scans.map((s) => [s.kind, s.outcome])).toEqual([['manual', 'pass'], ['code', 'invalid']]);
    expect(body1.nextCursor).toBeDefined();
    const page2 = await api.call('GET', `/v1/inspector/scans?limit=2&cursor=${body1.nextCursor}`, undefined, { token: me.token });
    const body2 = scanListResponse.parse(page2.body);
    expect(body2.scans).toHaveLength(1);
    expect(body2.scans[0]).toMatchObject({ kind: 'code', outcome: 'pass', color: 'green', holder: { maskedName: '吴*' }, checkpointId: GATE });
    expect(page1.text + page2.text).not.toMatch(/holderRef|吴九/);

    const bad = await api.call('GET', '/v1/inspector/scans?cursor=not-a-cursor', undefined, { token: me.token });
    expect(bad.status).toBe(400);
    // A real cursor reused with a `since` later than its position, a hand-made one, or one moved to
    // another checkpoint: each is the same Chinese 400, never a 500 from DynamoDB.
    const later = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
    // Outside the inspector's scan range (it sorts before every SCAN# key): DynamoDB would refuse it.
    const handMade = Buffer.from(JSON.stringify({ s: 'PROFILE', c: '', f: '' })).toString('base64url');
    for (const query of [`since=${later}&cursor=${body1.nextCursor}`, `cursor=${handMade}`, `checkpointId=${GATE}&cursor=${body1.nextCursor}`]) {
      const refused = await api.call('GET', `/v1/inspector/scans?${query}`, undefined, { token: me.token });
      expect([query, refused.status, refused.body.detail]).toEqual([query, 400, '翻页参数无效，请刷新列表后重试']);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  test('the authority reads hourly pass / stop / invalid counts of a checkpoint; inspectors may not', async () => {
    const gate = `it-stats-${Date.now().toString(36)}`;
    await checkpoint(gate, '统计测试卡口');
    const me = await sandboxInspector([gate]);
    const green = await registeredHolder('郑十');
    const red = await registeredHolder('冯一', { region: '331102', travel: [], symptoms: [], contactWithCase: true });
    const now = new Date();
    for (const payload of [(await signCode(green.holderId, 'green', now)).payload, (await signCode(green.holderId, 'green', now)).payload, (await signCode(red.holderId, 'green', now)).payload, 'LSHC1:bad']) {
      expect((await verify(payload, me.token, gate)).status).toBe(200);
    }
    const day = shanghaiDay(new Date());
    // The counters are built from the table's stream, seconds behind the scans.
    const res = await eventually(
      () => api.call('GET', `/v1/authority/checkpoints/${gate}/stats?day=${day}`, undefined, { headers: { 'x-authority-key': 'local-authority-key' } }),
      (r) => (r.body as { totals?: { invalid?: number } })?.totals?.invalid === 1 && (r.body as { totals: { pass: number } }).totals.pass === 2 && (r.body as { totals: { stop: number } }).totals.stop === 1,
    );
    expect(res.status).toBe(200);
    const stats = checkpointStatsResponse.parse(res.body);
    expect(stats.totals).toEqual({ pass: 2, stop: 1, invalid: 1 });
    expect(stats.hours.reduce((n, h) => n + h.pass + h.stop + h.invalid, 0)).toBe(4);

    expect((await api.call('GET', `/v1/authority/checkpoints/${gate}/stats?day=${day}`, undefined, { token: me.token })).status).toBe(403);
    expect((await api.call('GET', `/v1/authority/checkpoints/no-such-gate/stats?day=${day}`, undefined, { headers: { 'x-authority-key': 'local-authority-key' } })).status).toBe(404);
    expect((await api.call('GET', `/v1/authority/checkpoints/${gate}/stats?day=2024-02-30`, undefined, { headers: { 'x-authority-key': 'local-authority-key' } })).status).toBe(400);
   }, 120_000);

  test('the 121st scan within a minute is 429; the 31st manual lookup too', async () => {
    const limits = client('api-inspector-limits');
    // Start just after a minute boundary, so all requests fall in one window.
    const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000 + 1_000);
    // A fresh minute far from the real one, so no earlier scan of this inspector counts.
    await limits.setClock(start);
    try {
      const me = await sandboxInspector([GATE], limits.clockScope);
      const statuses: number[] = [];
      // The dev clock keeps ticking; re-anchoring it every few requests keeps them all in one window
      // however slow the machine is.
      for (let i = 0; i < 121; i++) {
        if (i % 10 === 0) await limits.setClock(start);
        statuses.push((await limits.call('POST', '/v1/inspector/verifications', { payload: 'LSHC1:x', checkpointId: GATE }, { token: me.token })).status);
      }
      expect(statuses.slice(0, 120).every((s) => s === 200)).toBe(true);
      expect(statuses[120]).toBe(429);
      const lookups: number[] = [];
      for (let i = 0; i < 31; i++) {
        if (i % 10 === 0) await limits.setClock(start);
        const res = await limits.call('POST', '/v1/inspector/manual-checks', { documentType: 'resident-id', documentNumber: residentIdNumber(), credential: 'work-certificate', temperature: 36.5, checkpointId: GATE }, { token: me.token });
        lookups.push(res.status);
        if (res.status === 429) expect(res.body.detail).toMatch(/核验过于频繁/);
      }
      expect(lookups.slice(0, 30).every((s) => s === 200)).toBe(true);
      expect(lookups[30]).toBe(429);
    } finally {
      await limits.resetClock();
    }
  }, 400_000);
});
