/** The checkpoint statistics' ports (see ./once.ts for the wiring's rules). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../adapters/config';
import { documentClient } from '../adapters/dynamo';
import { checkpointExists } from '../adapters/dynamodb/lookups';
import { dynamoScanLog } from '../adapters/scan-log';
import { once } from './once';

/** A checkpoint's counts of a day: the scan log's hourly counters and whether the checkpoint exists. */
export function checkpointStatsPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName) {
  return once(db, `checkpoint-stats:${tableName}`, () => ({
    scanLog: dynamoScanLog(db, tableName),
    checkpointExists: checkpointExists(db, tableName),
  }));
}

