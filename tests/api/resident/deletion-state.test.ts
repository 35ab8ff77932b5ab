/**
 * Deletion is a state, not a race (functions/core/resident/deletion.ts): a deletion cut short after
 * its closing mark refuses every other write with a Chinese 409, the same DELETE again finishes it,
 * so does the deletion sweep (a scheduled job), and a dependent removal cut short leaves nothing
 * behind the account's deletion.
 */
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../functions/adapters/dynamo';
import { keys } from '../../../functions/adapters/keys';
import { closeHolder } from '../../../functions/core/holder-state';
import { residentStores } from '../../../functions/wiring/resident';
import { addDependentVerified, morning, personName, profileBody, quietDeclaration, registeredResidentAt, residentId, signIn } from '../../support/resident-fixtures';

const SCOPE = 'resident-deletion-state';
const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const tableName = process.env.TABLE_NAME!;
const stores = residentStores(db, tableName);
const now = morning(7);
const SLOW_MACHINE_MS = 120_000;

afterAll(async () => {
  await (await signIn(SCOPE)).api.resetClock();
  db.destroy();
});

const itemsUnder = async (pk: string) =>
  (await db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }))).Items ?? [];

/** A registered resident with an active dependent who declared a fever, and a pending one. */
async function family() {
  const me = await registeredResidentAt(SCOPE, now);
  const child = { name: personName(), documentType: 'resident-id', documentNumber: residentId('20080310') };
  const { id, result } = await addDependentVerified(me, { ...child, relation: 'child' });
  expect(result.status).toBe(200);
  expect((await me.call('POST', `/v1/resident/dependents/${id}/declarations`, { ...quietDeclaration, symptoms: ['fever'], temperature: 38.1 })).status).toBe(201);
  const pending = await me.call('POST', '/v1/resident/dependents', { name: personName(), documentType: 'resident-id', documentNumber: residentId('20180501'), relation: 'child' });
  expect(pending.status).toBe(201);
  return { me, child, dependentId: id!, pendingCode: pending.body.dependent.confirmationCode as string };
}

/** What is left of an account and its holders but the pseudonymous history. */
async function leftovers(accountId: string, holderIds: string[]): Promise<string[]> {
  const left: string[] = [];
  for (const item of await itemsUnder(keys.account(accountId).PK)) left.push(`${item.PK}/${item.SK}`);
  for (const holderId of holderIds) for (const item of await itemsUnder(keys.status(holderId).PK)) if (!String(item.SK).startsWith('HIST#')) left.push(`${item.PK}/${item.SK}`);
  const bound = await db.send(new ScanCommand({ TableName: tableName, FilterExpression: 'SK = :bind AND accountId = :a', ExpressionAttributeValues: { ':bind': 'BIND', ':a': accountId }, ConsistentRead: true }));
  for (const item of bound.Items ?? []) left.push(`${item.PK}/${item.SK}`);
  return left;
}

describe('account deletion as a state', () => {
  test('after the closing mark every write is a Chinese 409 that writes nothing, and DELETE again finishes the job', async () => {
    const { me, dependentId, pendingCode } = await family();
    // A DELETE whose Lambda died right after its first write: the mark is in, nothing erased.
    await stores.residents.markClosing(me.accountId, now.toISOString());
    const before = JSON.stringify([...(await itemsUnder(keys.account(me.accountId).PK)), ...(await itemsUnder(keys.status(me.accountId).PK)), ...(await itemsUnder(keys.status(dependentId).PK))]);
    const refused = [
      await me.call('POST', '/v1/resident/declarations', quietDeclaration),
      await me.call('POST', '/v1/resident/checkins', { temperature: 36.6, symptoms: [] }),
      await me.call('POST', `/v1/resident/dependents/${dependentId}/declarations`, quietDeclaration),
      await me.call('POST', '/v1/resident/dependents', { name: personName(), documentType: 'resident-id', documentNumber: residentId('20190101'), relation: 'child' }),
      await me.call('DELETE', `/v1/resident/dependents/${dependentId}`),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(409);
      expect(answer.body.detail).toBe('账号正在注销，本次操作未保存');
    }
    const after = JSON.stringify([...(await itemsUnder(keys.account(me.accountId).PK)), ...(await itemsUnder(keys.status(me.accountId).PK)), ...(await itemsUnder(keys.status(dependentId).PK))]);
    expect(after).toBe(before);

    expect((await me.call('DELETE', '/v1/resident/account')).status).toBe(204);
    expect(await leftovers(me.accountId, [me.accountId, dependentId])).toEqual([]);
    expect((await db.send(new GetCommand({ TableName: tableName, Key: keys.dependentConfirmation(pendingCode), ConsistentRead: true }))).Item).toBeUndefined();
    expect((await db.send(new GetCommand({ TableName: tableName, Key: keys.sandboxSubject(me.subject), ConsistentRead: true }))).Item).toBeUndefined();
    // The history stays, pseudonymous; the mark is closed and keeps no link or code.
    expect((await itemsUnder(keys.status(dependentId).PK)).length).toBeGreaterThan(0);
    const mark = await stores.residents.closing(me.accountId);
    expect(mark?.state).toBe('closed');
    expect(mark?.targets?.links).toBeUndefined();
    expect((await me.call('GET', '/v1/resident/status')).status).toBe(401);
  }, SLOW_MACHINE_MS);

  test('the deletion sweep finishes a deletion nobody retried', async () => {
    const { me, dependentId } = await family();
    await stores.residents.markClosing(me.accountId, new Date(now.getTime() - 3_600_000).toISOString());
    const swept = await me.api.call('POST', '/v1/dev/jobs/deletion-sweep');
    expect(swept.status).toBe(200);
    expect(swept.body).toMatchObject({ job: 'deletion-sweep', unfinished: 0 });
    expect(swept.body.finished).toBeGreaterThanOrEqual(1);
    expect(await leftovers(me.accountId, [me.accountId, dependentId])).toEqual([]);
    expect((await stores.residents.closing(me.accountId))?.state).toBe('closed');
    expect((await me.call('GET', '/v1/resident/status')).status).toBe(401);
  }, SLOW_MACHINE_MS);

  test('a dependent removal cut short (holder closed, facts not erased yet), then the account deletion: nothing is left', async () => {
    const { me, dependentId } = await family();
    const dependent = (await stores.residents.dependent(me.accountId, dependentId))!;
    const at = now.toISOString();
    // removeDependent's first step alone (functions/core/resident/dependents.ts), as if its Lambda died after it.
    expect(await closeHolder(stores, dependentId, { kind: 'removal' }, [
      { item: stores.residents.markDependentRemoved(me.accountId, dependentId, at), onConflict: () => new Error('changed') },
      { item: stores.residents.unbindDependentDocument(dependent.documentHash, dependentId, me.accountId), onConflict: () => new Error('changed') },
      { item: stores.residents.releaseDependentSlot(me.accountId), onConflict: () => new Error('changed') },
    ], now)).toBe(true);
    expect((await itemsUnder(keys.status(dependentId).PK)).some((i) => String(i.SK).startsWith('DECL#'))).toBe(true);

    expect((await me.call('DELETE', '/v1/resident/account')).status).toBe(204);
    expect(await leftovers(me.accountId, [me.accountId, dependentId])).toEqual([]);
  }, SLOW_MACHINE_MS);

  test('two DELETEs at once (a double tap): each ends 204 or finds the account gone, never a 500, and nothing is left', async () => {
    const { me, dependentId } = await family();
    const answers = (await Promise.all([0, 1, 2].map(() => me.call('DELETE', '/v1/resident/account')))).map((r) => r.status);
    expect(answers).toContain(204);
    for (const status of answers) expect([204, 401]).toContain(status);
    expect(await leftovers(me.accountId, [me.accountId, dependentId])).toEqual([]);
  }, SLOW_MACHINE_MS);

  test('a dependent registering themselves while their manager\'s account is closing: a Chinese 409, then 201 once the deletion is done', async () => {
    const { me, child } = await family();
    await stores.residents.markClosing(me.accountId, now.toISOString());
    const self = await signIn(SCOPE);
    const early = await self.call('POST', '/v1/resident/profile', { ...child, phone: profileBody().phone });
    expect(early.status).toBe(409);
    expect(early.body.detail).toBe('该证件原有的家庭成员绑定正在解除，请稍后再试');
    expect((await me.call('DELETE', '/v1/resident/account')).status).toBe(204);
    expect((await self.call('POST', '/v1/resident/profile', { ...child, phone: profileBody().phone })).status).toBe(201);
  }, SLOW_MACHINE_MS);

  test('a person whose account was deleted registers again with the same document', async () => {
    const document = profileBody();
    const fresh = await signIn(SCOPE);
    expect((await fresh.call('POST', '/v1/resident/profile', document)).status).toBe(201);
    expect((await fresh.call('DELETE', '/v1/resident/account')).status).toBe(204);
    const again = await signIn(SCOPE, fresh.subject);
    expect(again.accountId).not.toBe(fresh.accountId);
    expect((await again.call('POST', '/v1/resident/profile', document)).status).toBe(201);
  }, SLOW_MACHINE_MS);
});
