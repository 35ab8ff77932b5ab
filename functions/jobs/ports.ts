/**
 * The live ports of the authority side, built once per Lambda instance: the table, the work queue
 * (SQS on AWS, the inline stand-in locally), holder-state's re-evaluation and the document hash.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock } from '../adapters/clock';
import { documentHash } from '../adapters/document-hash';
import { workQueue } from '../adapters/queue';
import { reevaluateHolder } from '../core/holder-state';
import { dynamoHolderStore } from '../adapters/dynamodb/holder-store';
import { processWork } from '../core/authority/process';
import type { AuthorityPorts, WorkMessage } from '../core/authority/work';

/**
 * Ports for a request or job on `tableName`. `worker: true` for the SQS consumer, whose messages may
 * arrive late and are processed at the later of their time and the system clock.
 */
export function authorityPorts(db: DynamoDBDocumentClient, tableName: string, options: { worker?: boolean; env?: NodeJS.ProcessEnv } = {}): AuthorityPorts {
  const holders = dynamoHolderStore(db, tableName);
  const ports: AuthorityPorts = {
    store: { db, tableName, ...holders },
    queue: workQueue<WorkMessage>(async (message) => {
      await processWork(ports, message);
    }, options.env),
    reevaluate: (holderId, cause, now) => reevaluateHolder(holders, holderId, cause, now),
    documentHash,
    ...(options.worker ? { clock: systemClock } : {}),
  };
  return ports;
}
