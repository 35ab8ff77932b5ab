/**
 * The scan log's ports (see ./once.ts for the wiring's rules): an inspector's own scans, a
 * checkpoint's counts of a day, and the stream consumer's counters (functions/jobs/scan-stats.ts).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../adapters/config';
import { documentClient } from '../adapters/dynamo';
import { checkpointExists } from '../adapters/dynamodb/lookups';
import { addScanCounts, dynamoScanLog, type ScanCount } from '../adapters/scan-log';
import { once } from './once';

/** A checkpoint's counts of a day: the scan log's hourly counters and whether the checkpoint exists. */
export function checkpointStatsPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName) {
  return once(db, `checkpoint-stats:${tableName}`, () => ({
    scanLog: dynamoScanLog(db, tableName),
    checkpointExists: checkpointExists(db, tableName),
  }));
}

/** An inspector's own scans: the scan log alone. */
export function scanListPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName) {
  return once(db, `scan-list:${tableName}`, () => ({ scanLog: dynamoScanLog(db, tableName) }));
}

/** Adds a stream batch's counts, once per batch id. */
export function scanCountPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName) {
  return once(db, `scan-counts:${tableName}`, () => ({
    addScanCounts: (counts: readonly ScanCount[], batchId: string) => addScanCounts(db, tableName, counts, batchId),
  }));
}
