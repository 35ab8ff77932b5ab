/**
 * Idempotency of retried writes (`Idempotency-Key`): a small record under `keys.idempotency`.
 *
 * 1. claim the key with a conditional put: `in-progress`, a hash of the request, a claim token and a
 *    lease of seconds (`leaseUntil`). A claim whose lease ran out (its Lambda died) can be taken over.
 * 2. run the effect. Every TransactWriteItems it sends carries one more item: the key turns
 *    `committed` on the condition that the claim is still ours, so the key commits in the same
 *    transaction as the effect, and an effect whose claim was taken over writes nothing.
 * 3. store the answer (`done`, 24 h). If the effect failed before committing, the claim is released.
 *
 * A retry with the same key and body gets the stored answer; a `committed` key whose answer was lost
 * (the final write failed) is answered by the route's `replay` (the state the write left), never by
 * running the write again. A different body under the same key, or a retry inside the lease, is 409.
 *
 * Not Powertools' idempotency utility: with a sort key it uses one static partition (hot on this table)
 * and it cannot join the effect's own transaction.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { keys, ttlAfter } from './keys';
import { ConflictError, ValidationError } from '../core/errors';
import { canonicalJson } from '../core/holder-state';
import type { Idempotency } from '../core/ports';

/** How long a stored answer is kept. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** How long an in-progress claim holds: longer than a write takes (the API's functions time out first), short enough to retry soon. */
export const IN_PROGRESS_LEASE_SECONDS = 15;

export interface IdempotencyStore {
  db: DynamoDBDocumentClient;
  tableName: string;
}

export interface IdempotencyOptions<T> {
  /**
   * The answer for a write that committed but whose stored answer was lost (read from the table).
   * Given only by routes whose effect is write transactions alone: then the key commits with them.
   * Without it (an effect of plain puts, or one that calls a vendor), nothing is bound, and a retry
   * after a lost answer runs the effect again once the lease is over.
   */
  replay?: (committedAt: Date) => Promise<T>;
}

export type IdempotencyState = 'in-progress' | 'committed' | 'done';

interface Binding {
  tableName: string;
  Key: { PK: string; SK: string };
  token: string;
  at: string;
}

// Made on first use: a module without top-level effects is left out of the bundles that do not call it.
let bindingStore: AsyncLocalStorage<Binding> | undefined;
const binding = () => (bindingStore ??= new AsyncLocalStorage<Binding>());
const BINDING_MIDDLEWARE = 'idempotencyCommitBinding';

/** Thrown when the claim was taken over (its lease ran out) before the effect committed: nothing was written. */
function claimLost(): ConflictError {
  return new ConflictError('请求正在处理，请稍后再试');
}

/** The item that commits the key with the effect, in the form of the transaction it joins. */
function commitItem(b: Binding, marshalled: boolean) {
  const values = { ':token': b.token, ':inProgress': 'in-progress', ':committed': 'committed', ':at': b.at };
  return {
    Update: {
      TableName: b.tableName,
      Key: marshalled ? marshall(b.Key) : b.Key,
      UpdateExpression: 'SET #state = :committed, committedAt = if_not_exists(committedAt, :at)',
      ConditionExpression: '#token = :token AND #state IN (:inProgress, :committed)',
      ExpressionAttributeNames: { '#state': 'state', '#token': 'token' },
      ExpressionAttributeValues: marshalled ? marshall(values) : values,
    },
  };
}

type TransactInput = { TransactItems?: Record<string, { Item?: Record<string, unknown>; Key?: Record<string, unknown> }>[] };

/** Adds, once per client, the middleware that joins the key to every write transaction of a bound effect. */
function ensureBinding(db: DynamoDBDocumentClient): void {
  if (db.middlewareStack.identify().some((name) => name.startsWith(BINDING_MIDDLEWARE))) return;
  db.middlewareStack.add(
    (next) => async (args) => {
      const b = binding().getStore();
      const input = args.input as TransactInput;
      const items = input?.TransactItems;
      const writes = Array.isArray(items) && items.length > 0 && items.every((i) => i.Put || i.Update || i.Delete || i.ConditionCheck);
      if (!b || !writes) return next(args);
      const first = Object.values(items[0]!)[0];
      const pk = (first?.Item ?? first?.Key)?.PK;
      const marshalled = typeof pk === 'object' && pk !== null && 'S' in pk;
      const index = items.length;
      try {
        return await next({ ...args, input: { ...input, TransactItems: [...items, commitItem(b, marshalled)] } });
      } catch (err) {
        const reasons = (err as { name?: string; CancellationReasons?: { Code?: string }[] });
        if (reasons.name === 'TransactionCanceledException' && reasons.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed') throw claimLost();
        throw err;
      }
    },
    { step: 'initialize', priority: 'high', name: BINDING_MIDDLEWARE },
  );
}

/** The `Idempotency` port (functions/core/ports.ts) on the table. */
export function tableIdempotency(db: DynamoDBDocumentClient, tableName: string): Idempotency {
  return { run: (scope, key, request, now, effect, options) => idempotent({ db, tableName }, scope, key, request, now, effect, options) };
}

export async function idempotent<T>(
  store: IdempotencyStore,
  scope: string,
  key: string | undefined,
  request: unknown,
  now: Date,
  run: () => Promise<T>,
  options: IdempotencyOptions<T> = {},
): Promise<T> {
  if (key === undefined) return run();
  if (!/^[A-Za-z0-9_.:-]{8,128}$/.test(key)) throw new ValidationError('Idempotency-Key 格式不正确（8–128个字母、数字或 _.:-）');
  const { db, tableName } = store;
  const Key = keys.idempotency(scope, key) as { PK: string; SK: string };
  const requestHash = createHash('sha256').update(canonicalJson(request ?? null)).digest('hex');
  const token = randomUUID();
  try {
    await db.send(new PutCommand({
      TableName: tableName,
      Item: { ...Key, state: 'in-progress', requestHash, token, leaseUntil: now.getTime() + IN_PROGRESS_LEASE_SECONDS * 1000, createdAt: now.toISOString(), ...ttlAfter(now, IDEMPOTENCY_TTL_SECONDS) },
      // A claim whose lease ran out committed nothing (committing needs the claim): it may be taken over by the same request.
      ConditionExpression: 'attribute_not_exists(PK) OR (#state = :inProgress AND leaseUntil < :now AND requestHash = :hash)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':inProgress': 'in-progress', ':now': now.getTime(), ':hash': requestHash },
    }));
  } catch (err) {
    if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
    return answerOfExisting(store, Key, requestHash, options);
  }

  let response: T;
  try {
    if (options.replay) ensureBinding(db);
    response = options.replay ? await binding().run({ tableName, Key, token, at: now.toISOString() }, run) : await run();
  } catch (err) {
    // Released only while nothing committed; a committed key keeps its write (a retry replays it).
    await db.send(new DeleteCommand({
      TableName: tableName, Key,
      ConditionExpression: '#token = :token AND #state = :inProgress',
      ExpressionAttributeNames: { '#token': 'token', '#state': 'state' },
      ExpressionAttributeValues: { ':token': token, ':inProgress': 'in-progress' },
    })).catch(() => undefined);
    throw err;
  }
  await storeAnswer(store, Key, token, response).catch((err: unknown) => {
    // Only an unbound effect can get here with its claim taken over (past the lease): it did happen, so it is answered.
    if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
  });
  return response;
}

async function storeAnswer(store: IdempotencyStore, Key: Record<string, string>, token: string | undefined, response: unknown): Promise<void> {
  await store.db.send(new UpdateCommand({
    TableName: store.tableName, Key,
    UpdateExpression: 'SET #state = :done, #response = :response REMOVE leaseUntil',
    ...(token
      ? { ConditionExpression: '#token = :token', ExpressionAttributeValues: { ':done': 'done', ':response': response, ':token': token } }
      : { ConditionExpression: '#state = :committed', ExpressionAttributeValues: { ':done': 'done', ':response': response, ':committed': 'committed' } }),
    ExpressionAttributeNames: { '#state': 'state', '#response': 'response', ...(token ? { '#token': 'token' } : {}) },
  }));
}

async function answerOfExisting<T>(store: IdempotencyStore, Key: Record<string, string>, requestHash: string, options: IdempotencyOptions<T>): Promise<T> {
  const out = await store.db.send(new GetCommand({ TableName: store.tableName, Key, ConsistentRead: true }));
  const record = out.Item;
  if (!record) throw new ConflictError('请求正在处理，请稍后再试');
  if (record.requestHash !== requestHash) throw new ConflictError('同一个 Idempotency-Key 不能用于不同的请求');
  if (record.state === 'done') return record.response as T;
  if (record.state === 'committed') {
    // The write is stored; only its answer was lost. Answer from the table, and keep that answer.
    if (!options.replay) throw new ConflictError('该请求已经处理完成，请刷新查看结果');
    const response = await options.replay(new Date(String(record.committedAt)));
    await storeAnswer(store, Key, undefined, response).catch(() => undefined);
    return response;
  }
  throw new ConflictError('请求正在处理，请稍后再试');
}
