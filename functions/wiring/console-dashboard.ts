/** The console dashboard's counters (see ./once.ts for the wiring's rules). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readCountyStats } from '../adapters/colour-stats';
import { dayScanCounts } from '../adapters/scan-log';
import { readFeedStats } from '../adapters/feed-stats';
import { dynamoCheckpointRegistry } from '../adapters/dynamodb/checkpoint-registry-store';
import type { DashboardPorts } from '../core/console/dashboard';
import { config } from '../adapters/config';
import { documentClient } from '../adapters/dynamo';
import { once } from './once';

export function dashboardPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): DashboardPorts {
  return once(db, `dashboard:${tableName}`, () => ({
    countyCounters: (today, days, buckets) => readCountyStats(db, tableName, today, days, buckets),
    scanCounters: (day) => dayScanCounts(db, tableName, day),
    // One Query of the registry's partition (keys.ts row 41).
    checkpointNames: async () => new Map((await dynamoCheckpointRegistry(db, tableName).list()).map((c) => [c.id, c.name])),
    feedCounters: (today, days) => readFeedStats(db, tableName, today, days),
  }));
}
