/**
 * A code belongs to a verified person, over HTTP on the local stack (the sandbox plays Alipay):
 * no registration oracle, daily attempt limits, dependents bound only after their own verification
 * or an inspector's in-person confirmation, and the owner taking over a squatted document.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../functions/adapters/dynamo';
import { keys } from '../../../functions/adapters/keys';
import { verifyHolderHistory } from '../../../functions/core/holder-state';
import { call } from '../../support/http';
import { addDependentVerified, morning, personName, phone, profileBody, quietDeclaration, residentId, signIn } from '../../support/resident-fixtures';
import { tableHolderStore } from '../../../functions/adapters/dynamodb/holder-store';

const SCOPE = 'resident-verified-identity';
const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const store = tableHolderStore(db, process.env.TABLE_NAME!);
const now = morning(6);
const SLOW_MACHINE_MS = 120_000;

async function registered(body = profileBody()) {
  let me = await signIn(SCOPE);
  await me.api.setClock(now);
  me = await signIn(SCOPE, me.subject);
  const res = await me.call('POST', '/v1/resident/profile', body);
  if (res.status !== 201) throw new Error(`profile: ${res.status} ${res.text}`);
  expect((await me.call('POST', '/v1/resident/declarations', quietDeclaration)).status).toBe(201);
  return { ...me, body };
}

/** The shape of an answer: its status and its keys, recursively, never the values. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shape(v)]));
  return typeof value;
}

afterAll(() => signIn(SCOPE).then((me) => me.api.resetClock()));

describe('no registration oracle', () => {
  test('an unverified dependent request answers the same for a registered and an unregistered document, and reveals nothing until verified', async () => {
    const owner = await registered();
    const prober = await registered();
    const bound = await prober.call('POST', '/v1/resident/dependents', { name: personName(), documentType: 'resident-id', documentNumber: owner.body.documentNumber, relation: 'parent' });
    const unbound = await prober.call('POST', '/v1/resident/dependents', { name: personName(), documentType: 'resident-id', documentNumber: residentId(), relation: 'parent' });
    expect([bound.status, unbound.status]).toEqual([201, 201]);
    expect(shape(bound.body)).toEqual(shape(unbound.body));
    expect([bound.body.dependent.state, unbound.body.dependent.state]).toEqual(['pending', 'pending']);
    // Nothing about the person before verification: no colour, no code, no history, the same refusal for both.
    for (const path of ['status', 'code', 'history']) {
      const a = await prober.call('GET', `/v1/resident/dependents/${bound.body.dependent.id}/${path}`);
      const b = await prober.call('GET', `/v1/resident/dependents/${unbound.body.dependent.id}/${path}`);
      expect([a.status, a.body.detail]).toEqual([409, '请先完成这位家庭成员的身份验证']);
      expect([b.status, b.body.detail]).toEqual([a.status, a.body.detail]);
    }
    // A failed verification answers the same too.
    for (const added of [bound, unbound]) {
      expect((await prober.call('POST', `/v1/resident/sandbox-certify/${added.body.verification.certifyId}`, { outcome: 'fail' })).status).toBe(204);
    }
    const failA = await prober.call('POST', `/v1/resident/dependents/${bound.body.dependent.id}/verification/result`, {});
    const failB = await prober.call('POST', `/v1/resident/dependents/${unbound.body.dependent.id}/verification/result`, {});
    expect([failA.status, failA.text]).toEqual([422, failB.text]);
    expect(failA.body.detail).toMatch(/^身份验证未通过/);
  }, SLOW_MACHINE_MS);

  test('the 11th attempt in a day is a 429 with Retry-After; another account\'s attempts on one document are limited as well', async () => {
    const me = await registered();
    // The registration itself was the account's first attempt of the day; nine dependents follow.
    for (let i = 0; i < 9; i++) {
      const res = await me.call('POST', '/v1/resident/dependents', { name: personName(), documentType: 'resident-id', documentNumber: residentId(), relation: 'other' });
      expect(res.status).toBe(201);
    }
    const eleventh = await me.call('POST', '/v1/resident/dependents', { name: personName(), documentType: 'resident-id', documentNumber: residentId(), relation: 'other' });
    expect(eleventh.status).toBe(429);
    expect(eleventh.headers.get('content-type')).toMatch(/problem\+json/);
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(eleventh.body.detail).toMatch(/今天的尝试次数已用完/);
    // Per document: ten accounts' attempts on the same number, then the document itself is limited.
    const target = residentId();
    for (let i = 0; i < 10; i++) {
      const other = await registered();
      expect((await other.call('POST', '/v1/resident/dependents', { name: personName(), documentType: 'resident-id', documentNumber: target, relation: 'other' })).status).toBe(201);
    }
    const late = await (await registered()).call('POST', '/v1/resident/dependents', { name: personName(), documentType: 'resident-id', documentNumber: target, relation: 'other' });
    expect(late.status).toBe(429);
    expect(Number(late.headers.get('retry-after'))).toBeGreaterThan(0);
  }, 4 * SLOW_MACHINE_MS);
});

describe('dependents by identity verification', () => {
  test('quit half-way and fail are refused in Chinese; a new verification that passes binds; a certify id is the starter\'s only', async () => {
    const me = await registered();
    const person = { name: personName(), documentType: 'resident-id', documentNumber: residentId('20160501'), relation: 'child' };
    const quit = await addDependentVerified(me, person, 'quit');
    expect([quit.result.status, quit.result.body.detail]).toEqual([422, expect.stringContaining('身份验证未通过')]);
    const again = await me.call('POST', `/v1/resident/dependents/${quit.id}/verification`, {});
    expect(again.status).toBe(201);
    // Another account cannot play somebody else's face step.
    const stranger = await registered();
    expect((await stranger.call('POST', `/v1/resident/sandbox-certify/${again.body.verification.certifyId}`, { outcome: 'pass' })).status).toBe(404);
    expect((await me.call('POST', `/v1/resident/sandbox-certify/${again.body.verification.certifyId}`, { outcome: 'pass' })).status).toBe(204);
    const done = await me.call('POST', `/v1/resident/dependents/${quit.id}/verification/result`, {});
    expect([done.status, done.body.dependent.state]).toEqual([200, 'active']);
    expect((await me.call('POST', `/v1/resident/dependents/${quit.id}/declarations`, quietDeclaration)).status).toBe(201);
    expect((await me.call('GET', `/v1/resident/dependents/${quit.id}/code`)).status).toBe(200);
  }, SLOW_MACHINE_MS);

  test('an inspector at a service point confirms a dependent in person against the document; the binding records who did', async () => {
    const me = await registered();
    const person = { name: personName(), documentType: 'resident-id', documentNumber: residentId('20240101'), relation: 'child' };
    const added = await me.call('POST', '/v1/resident/dependents', person);
    const code = added.body.dependent.confirmationCode as string;
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    const inspector = await call('POST', '/v1/inspector/sessions', { provider: 'sandbox', subject: 'demo-inspector' }, { clockScope: SCOPE });
    const token = inspector.body.token as string;
    const confirm = (body: Record<string, unknown>) => call('POST', '/v1/inspector/dependent-confirmations', { confirmationCode: code, documentType: 'resident-id', documentNumber: person.documentNumber, checkpointId: 'demo-gate', ...body }, { token, clockScope: SCOPE });
    expect((await confirm({ documentNumber: residentId() })).status).toBe(422);
    expect((await confirm({ checkpointId: 'elsewhere' })).status).toBe(403);
    const ok = await confirm({});
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ confirmed: true, dependent: { maskedName: added.body.dependent.maskedName, maskedDocument: added.body.dependent.maskedDocument } });
    expect((await confirm({})).status).toBe(422);
    const item = await db.send(new GetCommand({ TableName: store.tableName, Key: keys.dependent(me.accountId, added.body.dependent.id), ConsistentRead: true }));
    expect(item.Item).toMatchObject({ state: 'active', boundBy: { kind: 'inspector', checkpointId: 'demo-gate' } });
    expect((await me.call('GET', '/v1/resident/dependents')).body.dependents[0]).toMatchObject({ state: 'active' });
  }, SLOW_MACHINE_MS);
});

describe('the owner always wins', () => {
  test('a squatted document: the owner registers, takes over holder, status and history in one chain; the squatter\'s access ends', async () => {
    const squatter = await registered();
    const owner = { name: personName(), documentType: 'resident-id', documentNumber: residentId(), phone: phone() };
    // The squatter binds a stranger's never-registered number (in the sandbox anyone can play the face step).
    const squat = await addDependentVerified(squatter, { name: personName(), documentType: owner.documentType, documentNumber: owner.documentNumber, relation: 'parent' });
    expect(squat.result.status).toBe(200);
    const depId = squat.id!;
    expect((await squatter.call('POST', `/v1/resident/dependents/${depId}/declarations`, { ...quietDeclaration, symptoms: ['cough'] })).body.status.color).toBe('yellow');

    let me = await signIn(SCOPE);
    me = await signIn(SCOPE, me.subject);
    const registeredOwner = await me.call('POST', '/v1/resident/profile', owner);
    expect(registeredOwner.status).toBe(201);
    // The holder moved: the owner's status, code and history are the document's, as one chain.
    const status = await me.call('GET', '/v1/resident/status');
    expect(status.body.color).toBe('yellow');
    const code = await me.call('GET', '/v1/resident/code');
    expect(code.status).toBe(200);
    expect(code.body.holder.maskedName).toBe(registeredOwner.body.profile.maskedName);
    const history = await me.call('GET', '/v1/resident/history');
    expect(history.body.changes.map((c: { to: string }) => c.to)).toEqual(['yellow', 'green']);
    expect(await verifyHolderHistory(store, depId)).toMatchObject({ ok: true });
    const binding = await db.send(new GetCommand({ TableName: store.tableName, Key: keys.documentBinding((await db.send(new GetCommand({ TableName: store.tableName, Key: keys.status(depId), ConsistentRead: true }))).Item!.documentHash), ConsistentRead: true }));
    expect(binding.Item).toMatchObject({ holderId: depId, accountId: me.accountId, kind: 'account' });

    // The former manager: the list says so, and every dependent route is closed.
    const list = await squatter.call('GET', '/v1/resident/dependents');
    expect(list.body.dependents).toEqual([expect.objectContaining({ id: depId, state: 'claimed', notice: '该家庭成员已自行申领健康码' })]);
    for (const path of ['status', 'code', 'history']) expect((await squatter.call('GET', `/v1/resident/dependents/${depId}/${path}`)).status).toBe(403);
    expect((await squatter.call('POST', `/v1/resident/dependents/${depId}/declarations`, quietDeclaration)).status).toBe(403);
    const dep = await db.send(new GetCommand({ TableName: store.tableName, Key: keys.dependent(squatter.accountId, depId), ConsistentRead: true }));
    expect(dep.Item).not.toHaveProperty('nameEnc');
    expect(dep.Item).not.toHaveProperty('documentNumberEnc');

    // The owner's own writes land on the holder; the former manager deleting their account leaves it alone.
    expect((await me.call('POST', '/v1/resident/checkins', { temperature: 36.5, symptoms: [] })).status).toBe(201);
    expect((await squatter.call('DELETE', '/v1/resident/account')).status).toBe(204);
    expect((await me.call('GET', '/v1/resident/code')).status).toBe(200);
    expect(await verifyHolderHistory(store, depId)).toMatchObject({ ok: true });
  }, SLOW_MACHINE_MS);

  test('a document registered to another account stays theirs (409)', async () => {
    const first = await registered();
    let me = await signIn(SCOPE);
    me = await signIn(SCOPE, me.subject);
    const res = await me.call('POST', '/v1/resident/profile', { ...profileBody(), documentNumber: first.body.documentNumber });
    expect(res.status).toBe(409);
  }, SLOW_MACHINE_MS);
});
