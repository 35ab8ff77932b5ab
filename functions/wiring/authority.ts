/** The authority side's ports (see ./once.ts for the wiring's rules). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock } from '../adapters/clock';
import { config } from '../adapters/config';
import { documentHash } from '../adapters/document-hash';
import { documentClient } from '../adapters/dynamo';
import { dynamoAuthorityStore } from '../adapters/dynamodb/authority-store';
import { workQueue } from '../adapters/queue';
import { reevaluateHolder, type HolderStore } from '../core/holder-state';
import { processWork } from '../core/authority/process';
import type { AuthorityStore } from '../core/authority/ports';
import type { AuthorityPorts, WorkMessage } from '../core/authority/work';
import type { WorkQueue } from '../core/ports';
import { once } from './once';
import { holderStore } from './holders';

/** The holder store and the authority's store on one table. */
export function tableStores(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): HolderStore & AuthorityStore {
  return once(db, `stores:${tableName}`, () => ({ ...holderStore(db, tableName), ...dynamoAuthorityStore(db, tableName) }));
}

export interface AuthorityWiring {
  /** The SQS consumer: its messages may arrive late and are processed at the later of their time and the system clock. */
  worker?: boolean;
  /** The queue, given what processes a message with these ports (default: SQS on AWS, the inline stand-in locally). */
  queue?: (processMessage: (message: WorkMessage) => Promise<void>) => WorkQueue<WorkMessage>;
  /** The document hash (scripts and tests on their own tables pass one with the stack's lookup key). */
  documentHash?: AuthorityPorts['documentHash'];
}

/**
 * The authority side on a table: the stores, the work queue, holder-state's re-evaluation and the
 * document hash. Built anew on each call: scripts and tests that bring their own queue or hash use it.
 */
export function authorityPortsWith(db: DynamoDBDocumentClient, tableName: string, wiring: AuthorityWiring = {}): AuthorityPorts {
  const store = tableStores(db, tableName);
  const processMessage = async (message: WorkMessage) => {
    await processWork(ports, message);
  };
  const ports: AuthorityPorts = {
    store,
    queue: wiring.queue ? wiring.queue(processMessage) : workQueue<WorkMessage>(processMessage),
    reevaluate: (holderId, cause, now) => reevaluateHolder(store, holderId, cause, now),
    documentHash: wiring.documentHash ?? documentHash,
    ...(wiring.worker ? { clock: systemClock } : {}),
  };
  return ports;
}

/** The authority side of this deployment, built once per Lambda instance (HTTP handlers and scheduled jobs). */
export function authorityPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): AuthorityPorts {
  return once(db, `authority:${tableName}:request`, () => authorityPortsWith(db, tableName));
}

/** The work queue's consumer (functions/jobs/worker.ts). */
export function workerPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): AuthorityPorts {
  return once(db, `authority:${tableName}:worker`, () => authorityPortsWith(db, tableName, { worker: true }));
}
