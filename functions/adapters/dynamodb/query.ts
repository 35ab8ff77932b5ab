/** Query with pagination, the one way the table adapters page through results (scans: ./scan.ts). */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/** Every page of a query, until `limit` items are in (the last page may overshoot it). */
export async function queryAll(db: DynamoDBDocumentClient, input: QueryCommandInput, limit = Infinity): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const out = await db.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...((out.Items ?? []) as Item[]));
    ExclusiveStartKey = out.LastEvaluatedKey as Item | undefined;
  } while (ExclusiveStartKey && items.length < limit);
  return items;
}

/** One page of a query or scan, with the key to continue from. */
export interface Page {
  items: Item[];
  next?: Item;
}

export async function queryPage(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Page> {
  const out = await db.send(new QueryCommand(input));
  return { items: (out.Items ?? []) as Item[], ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey as Item } : {}) };
}

/** The input of a query for every item of `key.PK` whose sort key begins with `key.prefix` (consistent). */
export function prefixQuery(tableName: string, key: { PK: string; prefix: string }, extra: Partial<QueryCommandInput> = {}): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': key.PK, ':prefix': key.prefix },
    ConsistentRead: true,
    ...extra,
  };
}
