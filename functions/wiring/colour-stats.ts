/**
 * The dashboard's colour counters (see ./once.ts for the wiring's rules): read by the console, added
 * to by the stream consumer (functions/jobs/colour-stats.ts), once per batch id.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addColourCounts, addCountyCounts, readColourStats, type ColourTally } from '../adapters/colour-stats';
import { config } from '../adapters/config';
import { documentClient } from '../adapters/dynamo';
import { once } from './once';

export function colourStatsPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName) {
  return once(db, `colour-stats:${tableName}`, () => ({
    readColourStats: (today: string, days: number) => readColourStats(db, tableName, today, days),
  }));
}

export function colourCountPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName) {
  return once(db, `colour-counts:${tableName}`, () => ({
    addColourCounts: (tally: ColourTally, batchId: string) => addColourCounts(db, tableName, tally, batchId),
    addCountyCounts: (tally: Parameters<typeof addCountyCounts>[2], batchId: string) => addCountyCounts(db, tableName, tally, batchId),
  }));
}
