import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../functions/adapters/dynamo';
import { keys } from '../../../functions/adapters/keys';
import { unsealHolderRef, verifyCode } from '../../../functions/adapters/code-keys';
import { verifyHolderHistory } from '../../../functions/core/holder-state';
import { addDependentVerified, morning, personName, quietDeclaration, registeredResidentAt, residentId, signIn } from '../../support/resident-fixtures';
import { tableHolderStore } from '../../../functions/adapters/dynamodb/holder-store';

const SCOPE = 'resident-lifecycle';
const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const store = tableHolderStore(db, process.env.TABLE_NAME!);
const now = morning(5);

const registeredResident = () => registeredResidentAt(SCOPE, now);

afterAll(() => signIn(SCOPE).then((me) => me.api.resetClock()));

/** API tests share a machine with DynamoDB Local and serverless-offline; a loaded one is slow. */
const SLOW_MACHINE_MS = 120_000;

describe('resident concurrency, idempotency, dependents and deletion over HTTP', () => {
  test('two concurrent check-ins: one 201 and one 409', async () => {
    const me = await registeredResident();
    const results = await Promise.all([0, 1].map(() => me.call('POST', '/v1/resident/checkins', { temperature: 36.5, symptoms: [] })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  }, SLOW_MACHINE_MS);

  test('parallel declarations never lose an update: every one is stored and the version counts them all', async () => {
    const me = await registeredResident();
    const before = (await db.send(new GetCommand({ TableName: store.tableName, Key: keys.status(me.accountId) }))).Item!.version as number;
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, symptoms: i % 2 ? ['cough'] : [] })));
    expect(results.map((r) => (r.status === 201 ? 201 : `${r.status} ${r.text.slice(0, 300)} ${JSON.stringify([...r.headers])}`))).toEqual([201, 201, 201, 201, 201]);
    const after = (await db.send(new GetCommand({ TableName: store.tableName, Key: keys.status(me.accountId), ConsistentRead: true }))).Item!;
    expect(after.version).toBe(before + 5);
    const declarations = await db.send(new QueryCommand({ TableName: store.tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': `HOLDER#${me.accountId}`, ':p': 'DECL#' }, ConsistentRead: true }));
    expect(declarations.Items).toHaveLength(6);
    expect((await verifyHolderHistory(store, me.accountId)).ok).toBe(true);
  }, SLOW_MACHINE_MS);

  test('a retried check-in with the same Idempotency-Key gets the same 201, not a 409', async () => {
    const me = await registeredResident();
    const headers = { 'idempotency-key': `checkin-${me.accountId}` };
    const first = await me.call('POST', '/v1/resident/checkins', { temperature: 36.5, symptoms: [] }, headers);
    const retry = await me.call('POST', '/v1/resident/checkins', { temperature: 36.5, symptoms: [] }, headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const misuse = await me.call('POST', '/v1/resident/checkins', { temperature: 36.8, symptoms: [] }, headers);
    expect(misuse.status).toBe(409);
  }, SLOW_MACHINE_MS);

  test('a dependent has its own declaration, check-in, status, code and history', async () => {
    const me = await registeredResident();
    const { added, result, id } = await addDependentVerified(me, { name: personName(), documentType: 'resident-id', documentNumber: residentId('20180305'), relation: 'child' });
    expect(added.status).toBe(201);
    expect(result.status).toBe(200);
    expect(result.body.dependent).toMatchObject({ id, state: 'active' });
    const declared = await me.call('POST', `/v1/resident/dependents/${id}/declarations`, { ...quietDeclaration, symptoms: ['fever'], temperature: 38.2 });
    expect(declared.body.status.color).toBe('yellow');
    expect((await me.call('GET', '/v1/resident/status')).body.color).toBe('green');
    expect((await me.call('POST', `/v1/resident/dependents/${id}/checkins`, { temperature: 36.4, symptoms: [] })).status).toBe(201);
    const code = await me.call('GET', `/v1/resident/dependents/${id}/code`);
    expect(code.body).toMatchObject({ color: 'yellow', holder: { maskedName: added.body.dependent.maskedName } });
    const history = await me.call('GET', `/v1/resident/dependents/${id}/history`);
    expect(history.body.changes[0]).toMatchObject({ from: 'green', to: 'yellow' });
  }, SLOW_MACHINE_MS);

  test('account deletion erases the personal data, keeps a verifiable pseudonymous history, and an old code finds nothing', async () => {
    const me = await registeredResident();
    const { id: depId } = await addDependentVerified(me, { name: personName(), documentType: 'resident-id', documentNumber: residentId('20190411'), relation: 'child' });
    const code = await me.call('GET', '/v1/resident/code');
    expect(code.status).toBe(200);

    expect((await me.call('DELETE', '/v1/resident/account')).status).toBe(204);
    // The deleted account's token is 401 everywhere, history included.
    for (const [method, path] of [['GET', '/v1/resident/history'], ['GET', '/v1/resident/status'], ['GET', '/v1/resident/code'], ['GET', '/v1/resident/dependents'], ['GET', `/v1/resident/dependents/${depId}/history`], ['POST', '/v1/resident/declarations'], ['DELETE', '/v1/resident/account']] as const) {
      const res = await me.call(method, path, method === 'POST' ? quietDeclaration : undefined);
      expect([path, res.status, res.body?.detail]).toEqual([path, 401, '账号已注销或登录已失效，请重新登录']);
    }

    for (const holderId of [me.accountId, depId!]) {
      const items = await db.send(new QueryCommand({ TableName: store.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `HOLDER#${holderId}` }, ConsistentRead: true }));
      expect(items.Items!.length).toBeGreaterThan(0);
      expect(items.Items!.every((item) => String(item.SK).startsWith('HIST#'))).toBe(true);
      const text = JSON.stringify(items.Items);
      expect(text).not.toMatch(/maskedName|documentHash|nameEnc|documentNumberEnc/);
      expect((await verifyHolderHistory(store, holderId)).ok).toBe(true);
    }
    const account = await db.send(new QueryCommand({ TableName: store.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `ACCOUNT#${me.accountId}` }, ConsistentRead: true }));
    expect(account.Items).toEqual([]);
    expect((await db.send(new GetCommand({ TableName: store.tableName, Key: keys.sandboxSubject(me.subject) }))).Item).toBeUndefined();

    // The old payload still carries a valid signature, but it leads to no one.
    const checked = await verifyCode(code.body.payload, now);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const holderId = await unsealHolderRef(checked.payload.holderRef);
    expect(holderId).toBe(me.accountId);
    expect((await db.send(new GetCommand({ TableName: store.tableName, Key: keys.status(holderId!) }))).Item).toBeUndefined();

    // Signing in again with the same subject starts a new, unregistered account.
    const again = await signIn(SCOPE, me.subject);
    expect(again.registered).toBe(false);
    expect(again.accountId).not.toBe(me.accountId);
  }, SLOW_MACHINE_MS);
});
