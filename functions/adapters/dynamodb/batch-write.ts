/** BatchWriteItem over any number of items: groups of 25, unprocessed items retried with the one backoff, bounded rounds. */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoff } from './backoff';
import { eachLimit, groups, MAX_ROUNDS, WRITE_LIMIT, type Item } from './batch-groups';

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
