/**
 * BatchGetItem and BatchWriteItem over any number of keys or items: split to DynamoDB's limits,
 * unprocessed entries retried with the one backoff, and a bounded number of rounds.
 */
import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoff } from './backoff';

type Item = Record<string, unknown>;

const GET_LIMIT = 100;
const WRITE_LIMIT = 25;
/** Rounds of one group before giving up: unprocessed entries left after this are a failure, not a silent gap. */
const MAX_ROUNDS = 9;

/** Runs `fn` over `items` with at most `limit` in flight. */
async function eachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

function groups<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export interface BatchGetOptions {
  projection?: string;
  consistent?: boolean;
  /** Groups of 100 keys in flight at once. */
  concurrency?: number;
}

/** Every item found under `keyList` (absent keys are simply missing), in no particular order. */
export async function batchGetAll(db: DynamoDBDocumentClient, tableName: string, keyList: readonly object[], options: BatchGetOptions = {}): Promise<Item[]> {
  const items: Item[] = [];
  await eachLimit(groups(keyList, GET_LIMIT), options.concurrency ?? 1, async (group) => {
    let pending = group as Item[];
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
      if (round > 0) await backoff(round);
      const out = await db.send(new BatchGetCommand({
        RequestItems: { [tableName]: { Keys: pending, ...(options.projection ? { ProjectionExpression: options.projection } : {}), ...(options.consistent ? { ConsistentRead: true } : {}) } },
      }));
      items.push(...((out.Responses?.[tableName] ?? []) as Item[]));
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Item[];
    }
  });
  return items;
}

type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

async function batchWrite(db: DynamoDBDocumentClient, tableName: string, requests: readonly WriteRequest[], concurrency: number): Promise<void> {
  await eachLimit(groups(requests, WRITE_LIMIT), concurrency, async (group) => {
    let pending = group;
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed`);
      if (round > 0) await backoff(round);
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    }
  });
}

/** Puts every item, 25 per call. */
export function batchPutAll(db: DynamoDBDocumentClient, tableName: string, items: readonly Item[], concurrency = 4): Promise<void> {
  return batchWrite(db, tableName, items.map((Item) => ({ PutRequest: { Item } })), concurrency);
}

/** Deletes every key, 25 per call, one call at a time (in the order given). */
export function batchDeleteAll(db: DynamoDBDocumentClient, tableName: string, keyList: readonly object[]): Promise<void> {
  return batchWrite(db, tableName, keyList.map((Key) => ({ DeleteRequest: { Key: Key as Item } })), 1);
}
