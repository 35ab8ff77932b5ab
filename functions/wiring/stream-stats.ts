/**
 * The stream consumers' ports (functions/jobs/scan-stats.ts, colour-stats.ts; see ./once.ts for the
 * wiring's rules): each adds a batch's counts, once per batch id. Their own file: the stream role
 * allows these transactions and nothing else (scripts/lib/aws-stack.ts).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addColourCounts, type ColourTally } from '../adapters/colour-stats';
import { config } from '../adapters/config';
import { documentClient } from '../adapters/dynamo';
import { addScanCounts, type ScanCount } from '../adapters/scan-log';
import { once } from './once';

export function scanCountPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName) {
  return once(db, `scan-counts:${tableName}`, () => ({
    addScanCounts: (counts: readonly ScanCount[], batchId: string) => addScanCounts(db, tableName, counts, batchId),
  }));
}

export function colourCountPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName) {
  return once(db, `colour-counts:${tableName}`, () => ({
    addColourCounts: (tally: ColourTally, batchId: string) => addColourCounts(db, tableName, tally, batchId),
  }));
}
