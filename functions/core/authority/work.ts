/**
 * Background work of the authority side, cut into queue messages so that no Lambda ever loops over an
 * unbounded list: a 10,000-record feed is 100 chunk messages, a due-for-review bucket is one message
 * per index page, a ruleset roll-out is one message per scan page of each parallel segment.
 *
 * Every message is idempotent: processing it twice (SQS delivers at least once, a job may run twice
 * at once) writes the same records again and re-evaluates holders whose optimistic lock in
 * holder-state makes a concurrent second evaluation a no-op.
 */
import type { Clock, WorkQueue } from '../ports';
import type { Cause, HolderStore, StoredStatus } from '../holder-state';
import type { AuthorityStore, PageCursor } from './ports';

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
  | { kind: 'review-page'; bucket: number; dueBy: string; dueFrom?: string; runId: string; at: string; startKey?: PageCursor }
  /** One page of one parallel scan segment of a ruleset roll-out. */
  | { kind: 'rollout-page'; version: string; segment: number; totalSegments: number; at: string; startKey?: PageCursor };

/** What the authority use cases need; built once per process by functions/wiring/authority.ts. */
export interface AuthorityPorts {
  /** The holder store (holder-state's reads and its one transaction) and the authority's own items. */
  store: HolderStore & AuthorityStore;
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
