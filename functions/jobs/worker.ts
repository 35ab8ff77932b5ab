/**
 * The SQS consumer of the work queue (AWS). Each record is one idempotent work message; a failed one
 * is reported alone (partial batch response), retried by SQS, and after a few receives lands in the
 * dead-letter queue, whose depth raises an alarm.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../adapters/logger';
import { processWork } from '../core/authority/process';
import type { WorkMessage } from '../core/authority/work';
import { workerPorts } from '../wiring/authority';

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const ports = workerPorts();
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const message = JSON.parse(record.body) as WorkMessage;
      const count = await processWork(ports, message);
      logger.info('work message', { kind: message.kind, count });
    } catch (err) {
      logger.error('work message failed', { messageId: record.messageId, errorName: (err as Error).name });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}
