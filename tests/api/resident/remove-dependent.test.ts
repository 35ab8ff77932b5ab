import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../functions/adapters/dynamo';
import { keys } from '../../../functions/adapters/keys';
import { unsealHolderRef, verifyCode } from '../../../functions/adapters/code-keys';
import { documentHashWithKey } from '../../../functions/adapters/document-hash';
import { secrets } from '../../../functions/adapters/secrets';
import { loadHistory, verifyHolderHistory } from '../../../functions/core/holder-state';
import { tableHolderStore } from '../../../functions/adapters/dynamodb/holder-store';
import { shanghaiDay } from '../../../shared/time';
import { addDependentVerified, morning, personName, quietDeclaration, registeredResidentAt, residentId, signIn } from '../../support/resident-fixtures';

const SCOPE = 'resident-remove-dependent';
const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const store = tableHolderStore(db, process.env.TABLE_NAME!);
const now = morning(6);
const SLOW_MACHINE_MS = 120_000;

const registeredResident = () => registeredResidentAt(SCOPE, now);

const itemsUnder = async (pk: string) =>
  (await db.send(new QueryCommand({ TableName: store.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }))).Items ?? [];

afterAll(() => signIn(SCOPE).then((me) => me.api.resetClock()));

describe('removing a family member (DELETE /v1/resident/dependents/{id})', () => {
  test('erases the personal data and the binding, keeps a verifiable history ending in the removal, and an old code finds nothing', async () => {
    const me = await registeredResident();
    const person = { name: personName(), documentType: 'resident-id', documentNumber: residentId('20170214'), relation: 'child' };
    const { id, result } = await addDependentVerified(me, person);
    expect(result.status).toBe(200);
    const declared = await me.call('POST', `/v1/resident/dependents/${id}/declarations`, { ...quietDeclaration, symptoms: ['fever'], temperature: 38.4 });
    expect(declared.body.status.color).toBe('yellow');
    expect((await me.call('POST', `/v1/resident/dependents/${id}/corrections`, { trigger: 'fever-or-symptoms', declaredOn: shanghaiDay(now), category: 'declared-by-mistake', text: '量体温时看错了' })).status).toBe(201);
    const code = await me.call('GET', `/v1/resident/dependents/${id}/code`);
    expect(code.status).toBe(200);

    // A stranger cannot remove it (the same 404 as an unknown id), and it is still there.
    const stranger = await signIn(SCOPE);
    expect((await stranger.call('DELETE', `/v1/resident/dependents/${id}`)).status).toBe(404);
    expect((await me.call('GET', `/v1/resident/dependents/${id}/status`)).status).toBe(200);

    const removed = await me.call('DELETE', `/v1/resident/dependents/${id}`);
    expect(removed.status).toBe(204);
    expect((await me.call('GET', '/v1/resident/dependents')).body.dependents).toEqual([]);
    for (const path of [`/v1/resident/dependents/${id}/status`, `/v1/resident/dependents/${id}/code`, `/v1/resident/dependents/${id}/history`]) {
      const res = await me.call('GET', path);
      expect([path, res.status, res.body?.detail]).toEqual([path, 404, '未找到这位家庭成员']);
    }
    // Removing again is the same 404 (nothing left to remove).
    expect((await me.call('DELETE', `/v1/resident/dependents/${id}`)).status).toBe(404);

    // Only the history is left: pseudonymous, verifiable, its last entry the removal.
    const holderItems = await itemsUnder(`HOLDER#${id}`);
    expect(holderItems.length).toBeGreaterThan(0);
    expect(holderItems.every((item) => String(item.SK).startsWith('HIST#'))).toBe(true);
    expect(JSON.stringify(holderItems)).not.toMatch(/maskedName|documentHash|nameEnc|documentNumberEnc/);
    expect((await verifyHolderHistory(store, id!)).ok).toBe(true);
    expect((await loadHistory(store, id!)).at(-1)).toMatchObject({ from: 'yellow', to: 'yellow', cause: { kind: 'removal' } });
    // The manager's account keeps nothing of the person; the corrections filed for them are gone.
    const accountItems = await itemsUnder(`ACCOUNT#${me.accountId}`);
    expect(accountItems.filter((item) => String(item.SK).startsWith('DEP#'))).toEqual([]);
    const corrections = await itemsUnder('CORRECTIONS');
    expect(corrections.filter((item) => item.holderId === id)).toEqual([]);
    const documentHash = documentHashWithKey((await secrets()).lookupKey, person.documentType, person.documentNumber);
    expect((await db.send(new GetCommand({ TableName: store.tableName, Key: keys.documentBinding(documentHash) }))).Item).toBeUndefined();

    // The old payload still carries a valid signature, but it leads to no one.
    const checked = await verifyCode(code.body.payload, now);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(await unsealHolderRef(checked.payload.holderRef)).toBe(id);
    expect((await db.send(new GetCommand({ TableName: store.tableName, Key: keys.status(id!) }))).Item).toBeUndefined();

    // The binding is free again: the same person can be added (by this account or another) and verified.
    const again = await addDependentVerified(await registeredResident(), person);
    expect(again.result.status).toBe(200);
  }, SLOW_MACHINE_MS);

  test('a pending family member is removed with its confirmation code, and the slot count is unchanged', async () => {
    const me = await registeredResident();
    const added = await me.call('POST', '/v1/resident/dependents', { name: personName(), documentType: 'resident-id', documentNumber: residentId('20160820'), relation: 'child' });
    expect(added.status).toBe(201);
    const { id, confirmationCode } = added.body.dependent;
    expect(typeof confirmationCode).toBe('string');
    expect((await me.call('DELETE', `/v1/resident/dependents/${id}`)).status).toBe(204);
    expect((await me.call('GET', '/v1/resident/dependents')).body.dependents).toEqual([]);
    expect((await db.send(new GetCommand({ TableName: store.tableName, Key: keys.dependentConfirmation(confirmationCode) }))).Item).toBeUndefined();
    const account = (await db.send(new GetCommand({ TableName: store.tableName, Key: keys.account(me.accountId) }))).Item;
    expect(account?.dependentCount ?? 0).toBe(0);
  }, SLOW_MACHINE_MS);

  test('removing an active family member frees its place among the five', async () => {
    const me = await registeredResident();
    const { id } = await addDependentVerified(me, { name: personName(), documentType: 'resident-id', documentNumber: residentId('20150101'), relation: 'child' });
    expect((await db.send(new GetCommand({ TableName: store.tableName, Key: keys.account(me.accountId) }))).Item?.dependentCount).toBe(1);
    expect((await me.call('DELETE', `/v1/resident/dependents/${id}`)).status).toBe(204);
    expect((await db.send(new GetCommand({ TableName: store.tableName, Key: keys.account(me.accountId) }))).Item?.dependentCount).toBe(0);
  }, SLOW_MACHINE_MS);

  test('a malformed id is a Chinese 400', async () => {
    const me = await registeredResident();
    const res = await me.call('DELETE', '/v1/resident/dependents/%20');
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/[\u4e00-\u9fff]/);
  }, SLOW_MACHINE_MS);
});
