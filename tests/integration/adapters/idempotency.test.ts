/**
 * Idempotency that recovers, against the real DynamoDB Local with faults injected on the SDK client's
 * own stack (functions/adapters/dynamo-faults.ts): a key ends with the stored answer of a write that
 * happened once, or with nothing; an in-progress key holds for seconds, not a day.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../functions/adapters/keys';
import { createDocumentClient } from '../../../functions/adapters/dynamo';
import type { FaultPlan } from '../../../functions/adapters/dynamo-faults';
import { idempotent, IN_PROGRESS_LEASE_SECONDS } from '../../../functions/adapters/idempotency';
import { applyHolderChange, newHolderId, readHolderStatus, type HolderStore } from '../../../functions/core/holder-state';
import { ConflictError } from '../../../functions/core/errors';
import { privateTable, testDb } from '../../support/authority-fixtures';
import { holderStore } from '../../../functions/wiring/holders';

const db = testDb();
let plan: FaultPlan | undefined;
// The handlers' client, as on the local stack: its fault plan is this file's variable.
const faulty = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT, faults: () => plan });
let tableName: string;
let store: HolderStore;
let keyStore: { db: typeof faulty; tableName: string };
const t0 = new Date('2026-05-01T09:00:00+08:00');
const cough = { region: '331102', travel: [], symptoms: ['cough'], contactWithCase: false };

beforeAll(async () => {
  tableName = await privateTable(db, 'idem');
  store = holderStore(faulty, tableName);
  keyStore = { db: faulty, tableName };
});
afterEach(() => {
  plan = undefined;
});

async function resident(): Promise<string> {
  const holderId = newHolderId();
  await applyHolderChange(holderStore(db, tableName), holderId, {
    cause: { kind: 'registration' },
    register: { holder: { maskedName: '王*', maskedDocument: '3311**********002X' }, documentHash: randomBytes(32).toString('hex'), accountId: holderId },
  }, t0);
  return holderId;
}

async function declarations(holderId: string): Promise<number> {
  const p = keys.declarationPrefix(holderId);
  const out = await db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': p.PK, ':p': p.prefix }, ConsistentRead: true }));
  return out.Items?.length ?? 0;
}

async function record(scope: string, key: string) {
  return (await db.send(new GetCommand({ TableName: tableName, Key: keys.idempotency(scope, key), ConsistentRead: true }))).Item;
}

/** A declaration through the idempotency layer, as POST /v1/resident/declarations sends it. */
function declareOnce(holderId: string, key: string, now: Date) {
  return idempotent(keyStore, `acc:declare:${holderId}`, key, cough, now,
    async () => ({ color: (await applyHolderChange(store, holderId, { cause: { kind: 'declaration' }, declaration: cough }, now))!.color }),
    { replay: async () => ({ color: (await readHolderStatus(holderStore(db, tableName), holderId))!.color }) });
}

test('the final UpdateItem fails after the declaration is stored: the retry gets the answer, and the declaration is stored once', async () => {
  const holderId = await resident();
  const key = `k-${randomBytes(6).toString('hex')}`;
  const now = new Date(t0.getTime() + 3_600_000);
  plan = { kind: 'server-error', operations: ['UpdateItem'] };
  await expect(declareOnce(holderId, key, now)).rejects.toMatchObject({ name: 'InternalServerError' });
  expect(await declarations(holderId)).toBe(1);
  plan = undefined;
  // The same request again, a second later: no 409 "in progress", no second declaration.
  await expect(declareOnce(holderId, key, new Date(now.getTime() + 1000))).resolves.toEqual({ color: 'yellow' });
  expect(await declarations(holderId)).toBe(1);
  expect(await record(`acc:declare:${holderId}`, key)).toMatchObject({ state: 'done', response: { color: 'yellow' } });
  // And again: the stored answer.
  await expect(declareOnce(holderId, key, new Date(now.getTime() + 2000))).resolves.toEqual({ color: 'yellow' });
  expect(await declarations(holderId)).toBe(1);
});

test('the effect fails (the table refuses the transaction): the key is released, and the retry writes once', async () => {
  const holderId = await resident();
  const key = `k-${randomBytes(6).toString('hex')}`;
  const now = new Date(t0.getTime() + 3_600_000);
  plan = { kind: 'throttle', operations: ['TransactWriteItems'] };
  await expect(declareOnce(holderId, key, now)).rejects.toMatchObject({ name: 'ThrottlingException' });
  expect(await declarations(holderId)).toBe(0);
  expect(await record(`acc:declare:${holderId}`, key)).toBeUndefined();
  plan = undefined;
  await expect(declareOnce(holderId, key, now)).resolves.toEqual({ color: 'yellow' });
  expect(await declarations(holderId)).toBe(1);
});

test('an in-progress claim holds for seconds: inside its lease a retry is 409, after it the retry performs the write once', async () => {
  const holderId = await resident();
  const key = `k-${randomBytes(6).toString('hex')}`;
  const now = new Date(t0.getTime() + 3_600_000);
  // A Lambda that died mid-request: the claim is taken, the effect never ran, the release never came.
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const stuck = idempotent(keyStore, `acc:declare:${holderId}`, key, cough, now, async () => {
    started();
    return new Promise<never>(() => undefined);
  }, { replay: async () => ({ color: 'never' }) });
  void stuck;
  await running;
  const claim = await record(`acc:declare:${holderId}`, key);
  expect(claim).toMatchObject({ state: 'in-progress' });
  expect(Number(claim!.leaseUntil) - now.getTime()).toBeLessThanOrEqual(IN_PROGRESS_LEASE_SECONDS * 1000);
  expect(IN_PROGRESS_LEASE_SECONDS).toBeLessThanOrEqual(60);
  await expect(declareOnce(holderId, key, new Date(now.getTime() + 1000))).rejects.toBeInstanceOf(ConflictError);
  const after = new Date(now.getTime() + (IN_PROGRESS_LEASE_SECONDS + 1) * 1000);
  await expect(declareOnce(holderId, key, after)).resolves.toEqual({ color: 'yellow' });
  expect(await declarations(holderId)).toBe(1);
});

test('an effect whose claim was taken over writes nothing', async () => {
  const holderId = await resident();
  const key = `k-${randomBytes(6).toString('hex')}`;
  const now = new Date(t0.getTime() + 3_600_000);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let claimed!: () => void;
  const claimedNow = new Promise<void>((resolve) => (claimed = resolve));
  // The first attempt claims, then stalls past its lease before it writes.
  const slow = idempotent(keyStore, `acc:declare:${holderId}`, key, cough, now, async () => {
    claimed();
    await gate;
    return { color: (await applyHolderChange(store, holderId, { cause: { kind: 'declaration' }, declaration: cough }, now))!.color };
  }, { replay: async () => ({ color: (await readHolderStatus(holderStore(db, tableName), holderId))!.color }) });
  await claimedNow;
  const later = new Date(now.getTime() + (IN_PROGRESS_LEASE_SECONDS + 1) * 1000);
  await expect(declareOnce(holderId, key, later)).resolves.toEqual({ color: 'yellow' });
  release();
  await expect(slow).rejects.toBeInstanceOf(ConflictError);
  expect(await declarations(holderId)).toBe(1);
  expect(await record(`acc:declare:${holderId}`, key)).toMatchObject({ state: 'done' });
});

test('the same key with another body is 409, and a key with no write ends with nothing', async () => {
  const holderId = await resident();
  const key = `k-${randomBytes(6).toString('hex')}`;
  const now = new Date(t0.getTime() + 3_600_000);
  await declareOnce(holderId, key, now);
  await expect(idempotent(keyStore, `acc:declare:${holderId}`, key, { other: true }, now, async () => ({ color: 'x' }))).rejects.toBeInstanceOf(ConflictError);
  const empty = `k-${randomBytes(6).toString('hex')}`;
  await expect(idempotent(keyStore, `acc:declare:${holderId}`, empty, cough, now, async () => {
    throw new ConflictError('您今天已经打过卡了，明天再来吧');
  })).rejects.toBeInstanceOf(ConflictError);
  expect(await record(`acc:declare:${holderId}`, empty)).toBeUndefined();
});
