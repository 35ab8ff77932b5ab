/**
 * Background work of the authority side, cut into queue messages so that no Lambda ever loops over an
 * unbounded list: a 10,000-record feed is 100 chunk messages, a due-for-review bucket is one message
 * per index page, a ruleset roll-out is one message per scan page of each parallel segment.
 *
 * Every message is idempotent: processing it twice (SQS delivers at least once, a job may run twice
 * at once) writes the same records again and re-evaluates holders whose optimistic lock in
 * holder-state makes a concurrent second evaluation a no-op.
 */
import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../adapters/keys';
import type { Clock, WorkQueue } from '../ports';
import type { Cause, HolderStore, StoredStatus } from '../holder-state';
import type { TableHandle } from '../table-handle';

/** A feed record as it travels and is stored: pseudonymous (document hash, never the number). */
export interface StoredFeedRecord {
  /** Index of the record in the submitted feed. */
  index: number;
  documentHash: string;
  /** ISO instant (normalised to UTC) the authority made the record. */
  at: string;
  /** Day T of the record (close contact: last exposure day). */
  day?: string;
  result?: 'positive' | 'negative';
  sampledAt?: string;
}

export type WorkMessage =
  /** Store one chunk of a feed's records, then re-evaluate the registered holders they touch. */
  | { kind: 'feed-chunk'; feedId: string; type: string; principal: string; at: string; records: StoredFeedRecord[] }
  /** Re-evaluate a list of holders. */
  | { kind: 'reevaluate'; holderIds: string[]; cause: Cause; at: string }
  /** One page of one ReviewDue bucket: holders whose colour can change by now. */
  | { kind: 'review-page'; bucket: number; dueBy: string; dueFrom?: string; runId: string; at: string; startKey?: Record<string, unknown> }
  /** One page of one parallel scan segment of a ruleset roll-out. */
  | { kind: 'rollout-page'; version: string; segment: number; totalSegments: number; at: string; startKey?: Record<string, unknown> };

/** What the authority use cases need; built once per process by functions/jobs/ports.ts. */
export interface AuthorityPorts {
  /** The holder store (holder-state's reads and its one transaction), and the table. */
  store: HolderStore & TableHandle;
  queue: WorkQueue<WorkMessage>;
  /** holder-state's `reevaluateHolder`: the one write path for a colour. */
  reevaluate(holderId: string, cause: Cause, now: Date): Promise<StoredStatus | undefined>;
  /** Keyed hash of a normalised document (functions/adapters/document-hash). */
  documentHash(documentType: string, documentNumber: string): Promise<string>;
  /**
   * The worker's clock, on AWS. A message is processed at the later of its `at` and this clock, so a
   * delayed message never evaluates with an older time than a write that happened meanwhile.
   * Absent for the inline local queue: the message is processed at its `at` (the dev clock).
   */
  clock?: Clock;
}

/** Holders per re-evaluation message, and records per feed chunk. */
export const CHUNK_SIZE = 100;
/** Concurrent re-evaluations within one message (each is a few reads and one transaction). */
export const EVALUATION_CONCURRENCY = 8;

/** Splits a list into consecutive chunks of at most `size`. */
export function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return results;
}

/** The instant a message is processed at (see AuthorityPorts.clock). */
export function processingTime(ports: Pick<AuthorityPorts, 'clock'>, at: string): Date {
  const sent = new Date(at);
  const clockNow = ports.clock?.now();
  return clockNow && clockNow.getTime() > sent.getTime() ? clockNow : sent;
}

/** The holder id of an item keyed PK=HOLDER#<id>. */
export function holderIdOfKey(pk: unknown): string | undefined {
  return typeof pk === 'string' && pk.startsWith('HOLDER#') ? pk.slice('HOLDER#'.length) : undefined;
}

/** Enqueues re-evaluation of holders, CHUNK_SIZE per message. */
export async function enqueueReevaluation(ports: Pick<AuthorityPorts, 'queue'>, holderIds: readonly string[], cause: Cause, at: Date): Promise<void> {
  if (holderIds.length === 0) return;
  await ports.queue.send(chunk(holderIds, CHUNK_SIZE).map((ids) => ({ kind: 'reevaluate', holderIds: ids, cause, at: at.toISOString() })));
}

/** Re-evaluates holders through holder-state; returns how many changed colour or reasons were refreshed. */
export async function reevaluateAll(ports: AuthorityPorts, holderIds: readonly string[], cause: Cause, now: Date): Promise<number> {
  const done = await mapLimit(holderIds, EVALUATION_CONCURRENCY, async (id) => ((await ports.reevaluate(id, cause, now)) ? 1 : 0));
  return done.reduce<number>((a, b) => a + b, 0);
}

/**
 * The holders bound to document hashes (DOC#<hash>/BIND), by BatchGetItem (100 keys per call,
 * unprocessed keys retried). Unregistered documents are simply absent.
 */
export async function holdersByDocumentHash(store: TableHandle, hashes: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const unique = [...new Set(hashes)];
  await mapLimit(chunk(unique, 100), 4, async (group) => {
    let request: Record<string, { Keys: Record<string, unknown>[]; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> }> | undefined = {
      [store.tableName]: { Keys: group.map((h) => ({ ...keys.documentBinding(h) })), ProjectionExpression: 'PK, holderId' },
    };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
      if (attempt > 0) await backoff(attempt);
      const out = await store.db.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of out.Responses?.[store.tableName] ?? []) {
        if (typeof item.holderId === 'string') found.set(String(item.PK).slice('DOC#'.length), item.holderId);
      }
      request = out.UnprocessedKeys as typeof request;
    }
  });
  return found;
}

/** Puts items with BatchWriteItem, 25 per call, retrying unprocessed items with backoff. */
export async function batchPut(db: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[], concurrency = 4): Promise<void> {
  await mapLimit(chunk(items, 25), concurrency, async (group) => {
    let pending: { PutRequest: { Item: Record<string, unknown> } }[] = group.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await backoff(attempt);
      if (attempt > 8) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed`);
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  });
}

function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt) * Math.random()));
}
