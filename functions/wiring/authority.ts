/** The authority side's ports (see ./once.ts for the wiring's rules). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock } from '../adapters/clock';
import { documentHash } from '../adapters/document-hash';
import { dynamoAuthorityStore } from '../adapters/dynamodb/authority-store';
import { workQueue } from '../adapters/queue';
import { reevaluateHolder, type HolderStore } from '../core/holder-state';
import { processWork } from '../core/authority/process';
import type { AuthorityStore } from '../core/authority/ports';
import type { AuthorityPorts, WorkMessage } from '../core/authority/work';
import { once } from './once';
import { holderStore } from './resident';

/** The holder store and the authority's store on one table. */
export function tableStores(db: DynamoDBDocumentClient, tableName: string): HolderStore & AuthorityStore {
  return once(db, `stores:${tableName}`, () => ({ ...holderStore(db, tableName), ...dynamoAuthorityStore(db, tableName) }));
}

/**
 * The authority side: the stores, the work queue (SQS on AWS, the inline stand-in locally),
 * holder-state's re-evaluation and the document hash. `worker: true` for the SQS consumer, whose
 * messages may arrive late and are processed at the later of their time and the system clock.
 */
export function authorityPorts(db: DynamoDBDocumentClient, tableName: string, options: { worker?: boolean; env?: NodeJS.ProcessEnv } = {}): AuthorityPorts {
  const build = (): AuthorityPorts => {
    const store = tableStores(db, tableName);
    const ports: AuthorityPorts = {
      store,
      queue: workQueue<WorkMessage>(async (message) => {
        await processWork(ports, message);
      }, options.env),
      reevaluate: (holderId, cause, now) => reevaluateHolder(store, holderId, cause, now),
      documentHash,
      ...(options.worker ? { clock: systemClock } : {}),
    };
    return ports;
  };
  // A caller's own environment (tests) gets its own ports; the deployment's are built once.
  return options.env ? build() : once(db, `authority:${tableName}:${options.worker ? 'worker' : 'request'}`, build);
}
