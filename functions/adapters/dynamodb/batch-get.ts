/** BatchGetItem over any number of keys: groups of 100, unprocessed keys retried with the one backoff, bounded rounds. */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoff } from './backoff';
import { eachLimit, GET_LIMIT, groups, MAX_ROUNDS, type Item } from './batch-groups';

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

