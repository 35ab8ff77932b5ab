/** The dashboard's feed counters, added to by the stream consumer (functions/jobs/feed-stats.ts), once per batch id. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../adapters/config';
import { documentClient } from '../adapters/dynamo';
import { addFeedCounts } from '../adapters/feed-stats';
import { once } from './once';

export function feedCountPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName) {
  return once(db, `feed-counts:${tableName}`, () => ({
    addFeedCounts: (tally: Parameters<typeof addFeedCounts>[2], batchId: string) => addFeedCounts(db, tableName, tally, batchId),
  }));
}
