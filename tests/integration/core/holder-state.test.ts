import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../functions/adapters/dynamo';
import { keys } from '../../../functions/adapters/keys';
import { indexes } from '../../../functions/adapters/table';
import {
  applyHolderChange,
  loadHistory,
  newHolderId,
  readHolderStatus,
  reevaluateHolder,
  verifyHistoryChain,
  verifyHolderHistory,
  type DeclarationInput,
} from '../../../functions/core/holder-state';
import { ConflictError } from '../../../functions/core/errors';
import { randomBytes } from 'node:crypto';
import { shanghaiDay } from '../../../shared/time';
import { tableHolderStore } from '../../../functions/adapters/dynamodb/holder-store';

const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const store = tableHolderStore(db, process.env.TABLE_NAME!);
const t0 = new Date('2026-03-01T09:00:00+08:00');
const at = (days: number, hours = 0) => new Date(t0.getTime() + days * 86_400_000 + hours * 3_600_000);

const quiet: DeclarationInput = { region: '331102', travel: [], symptoms: [], contactWithCase: false };

async function register(holderId = newHolderId(), documentHash = randomBytes(32).toString('hex'), now = t0) {
  await applyHolderChange(store, holderId, {
    cause: { kind: 'registration' },
    register: { holder: { maskedName: '张*', maskedDocument: '3311**********001X' }, documentHash, accountId: holderId },
  }, now);
  return { holderId, documentHash };
}

describe('holder-state: the single write path of a colour', () => {
  test('registration creates a green status with a first history entry', async () => {
    const { holderId } = await register();
    const status = await readHolderStatus(store, holderId);
    expect(status).toMatchObject({ color: 'green', version: 1, rulesetVersion: '1.0.0', historyHead: { seq: 1 } });
    const history = await loadHistory(store, holderId);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ from: null, to: 'green', cause: { kind: 'registration' } });
  });

  test('an unknown holder is left alone by a re-evaluation', async () => {
    expect(await reevaluateHolder(store, newHolderId(), { kind: 'job' }, t0)).toBeUndefined();
  });

  test('authority records filed before registration apply at registration', async () => {
    const documentHash = randomBytes(32).toString('hex');
    await db.send(new PutCommand({
      TableName: store.tableName,
      Item: { ...keys.authorityRecord(documentHash, '2026-02-28T10:00:00+08:00', 'feed-1', 0), type: 'close-contact', at: '2026-02-28T10:00:00+08:00', day: '2026-02-27' },
    }));
    const { holderId } = await register(undefined, documentHash);
    const status = await readHolderStatus(store, holderId);
    expect(status?.color).toBe('red');
    expect(status?.reasons.map((r) => r.code)).toEqual(['close-contact']);
    expect(status?.nextReviewAt).toBeDefined();
  });

  test('a declaration with contact turns red, writes the declaration, the stays and one history entry in one go', async () => {
    const { holderId } = await register();
    const red = await applyHolderChange(store, holderId, {
      cause: { kind: 'declaration' },
      declaration: { ...quiet, travel: [{ region: '330100', from: '2026-02-20', to: '2026-02-25' }], contactWithCase: true },
    }, at(0, 1));
    expect(red).toMatchObject({ color: 'red', version: 2, declaredAt: at(0, 1).toISOString() });
    expect(red?.clearance?.checkinsRequired).toBe(14);
    const history = await loadHistory(store, holderId);
    expect(history.map((h) => [h.from, h.to])).toEqual([[null, 'green'], ['green', 'red']]);
    // The sparse ReviewDue index has it, and the RegionStay index finds it by region.
    const item = await db.send(new GetCommand({ TableName: store.tableName, Key: keys.status(holderId) }));
    expect(item.Item?.ReviewAt).toBe(red?.nextReviewAt);
    const stays = await db.send(new QueryCommand({
      TableName: store.tableName, IndexName: indexes.regionStay,
      KeyConditionExpression: 'StayRegion = :r AND StayDay >= :d', ExpressionAttributeValues: { ':r': '330100', ':d': '2026-02-15' },
    }));
    expect(stays.Items?.some((s) => s.PK === `HOLDER#${holderId}`)).toBe(true);

    // Declared risk is sticky: a newer declaration keeps the earlier travel indexed beside its own stays.
    await applyHolderChange(store, holderId, { cause: { kind: 'declaration' }, declaration: { ...quiet, region: '330102' } }, at(0, 2));
    const after = await db.send(new QueryCommand({
      TableName: store.tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': `HOLDER#${holderId}`, ':p': 'STAY#' },
    }));
    // The earlier current region (331102) closes on the day of the new declaration.
    expect(after.Items?.map((s) => s.SK).sort()).toEqual(['STAY#330100#2026-02-25', 'STAY#330102#9999-12-31', `STAY#331102#${shanghaiDay(at(0, 2))}`]);
  });

  test('one check-in per day: the second gets a ConflictError and writes nothing', async () => {
    const { holderId } = await register();
    await applyHolderChange(store, holderId, { cause: { kind: 'declaration' }, declaration: quiet }, at(0, 1));
    const first = await applyHolderChange(store, holderId, { cause: { kind: 'checkin' }, checkin: { temperature: 36.5, symptoms: [] } }, at(0, 2));
    expect(first?.streak).toBe(1);
    await expect(applyHolderChange(store, holderId, { cause: { kind: 'checkin' }, checkin: { temperature: 38, symptoms: [] } }, at(0, 3))).rejects.toBeInstanceOf(ConflictError);
    expect((await readHolderStatus(store, holderId))?.version).toBe(first?.version);
  });

  test('parallel changes of one holder lose no update (optimistic locking against DynamoDB Local)', async () => {
    const { holderId } = await register();
    await applyHolderChange(store, holderId, { cause: { kind: 'declaration' }, declaration: quiet }, at(0, 1));
    // Eight check-ins on eight different days, all at once, plus re-evaluations in between.
    const days = [...Array(8).keys()];
    await Promise.all([
      ...days.map((d) => applyHolderChange(store, holderId, { cause: { kind: 'checkin' }, checkin: { temperature: 36.6, symptoms: [] } }, at(d, 4))),
      ...days.map(() => reevaluateHolder(store, holderId, { kind: 'feed', ref: 'f' }, at(0, 5))),
    ]);
    const status = await readHolderStatus(store, holderId);
    // registration + declaration + 8 check-ins + 8 re-evaluations = 18 writes, each on its own version.
    expect(status?.version).toBe(18);
    const checkins = await db.send(new QueryCommand({
      TableName: store.tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': `HOLDER#${holderId}`, ':p': 'CHECKIN#' },
    }));
    expect(checkins.Items).toHaveLength(8);
    expect((await verifyHolderHistory(store, holderId)).ok).toBe(true);
  });

  test('two parallel check-ins on the same day: exactly one is written', async () => {
    const { holderId } = await register();
    const results = await Promise.allSettled([0, 1, 2].map(() =>
      applyHolderChange(store, holderId, { cause: { kind: 'checkin' }, checkin: { temperature: 36.5, symptoms: [] } }, at(0, 2))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof ConflictError)).toHaveLength(2);
  });

  test('the history chain verifies, and fails once one entry is rewritten', async () => {
    const { holderId } = await register();
    await applyHolderChange(store, holderId, { cause: { kind: 'declaration' }, declaration: { ...quiet, contactWithCase: true } }, at(0, 1));
    await applyHolderChange(store, holderId, { cause: { kind: 'declaration' }, declaration: { ...quiet, symptoms: ['cough'] } }, at(0, 2));
    const verdict = await verifyHolderHistory(store, holderId);
    expect(verdict).toMatchObject({ ok: true, length: 3 });

    const history = await loadHistory(store, holderId);
    const second = history[1]!;
    await db.send(new UpdateCommand({
      TableName: store.tableName, Key: keys.history(holderId, second.at, second.seq),
      UpdateExpression: 'SET #to = :green', ExpressionAttributeNames: { '#to': 'to' }, ExpressionAttributeValues: { ':green': 'green' },
    }));
    const broken = await verifyHolderHistory(store, holderId);
    expect(broken).toMatchObject({ ok: false, seq: 2 });
    // Removing the newest entry is caught by the head kept on the status.
    expect(verifyHistoryChain(history.slice(0, 2), (await readHolderStatus(store, holderId))?.historyHead).ok).toBe(false);
  });
});
