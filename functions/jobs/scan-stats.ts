/**
 * The checkpoint statistics, built from the table's stream instead of on the verify path.
 *
 * The stream's event-source mapping (serverless.ts, `jobScanStats`) delivers only new scan items
 * (INSERT, sort key `SCAN#`), in batches. This handler sums them per checkpoint and hour and adds
 * the sums in one transaction (functions/adapters/scan-log.ts `addScanCounts`): a thousand scans
 * at a busy gate cost a handful of writes here instead of a thousand on the request path.
 *
 * A failed batch is retried by Lambda as a whole (the mapping has no bisecting), and the
 * transaction's idempotency token, derived from the batch's event ids, keeps a retry from counting
 * twice. Locally, serverless-offline-dynamodb-streams reads DynamoDB Local's stream and calls this
 * same handler.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { logger } from '../adapters/logger';
import { tallyScans } from '../adapters/scan-log';
import { scanCountPorts } from '../wiring/checkpoint-stats';

export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  const scans = [];
  const ids = [];
  for (const record of event.Records) {
    // The mapping's filter (SCAN_INSERT_FILTER in ./index) already did this; a wider mapping stays harmless.
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image || !String(record.dynamodb?.Keys?.SK?.S ?? '').startsWith('SCAN#')) continue;
    scans.push(unmarshall(image as Record<string, AttributeValue>));
    ids.push(record.eventID ?? record.dynamodb?.SequenceNumber ?? '');
  }
  const counts = tallyScans(scans);
  if (counts.length === 0) return;
  await scanCountPorts().addScanCounts(counts, ids.join(','));
  logger.info('scan counts added', { scans: scans.length, checkpointHours: counts.length });
}
