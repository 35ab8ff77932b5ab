/**
 * Automatic colour conversion (自动转换): red and yellow turn green once their time and check-ins are
 * met, without the resident opening the app, and clearance texts move on with the calendar.
 */
import { enqueueReevaluation, type AuthorityPorts, type WorkMessage } from './work';
import { REVIEW_BUCKETS } from './ports';

/** Index items per page: one page is one message. */
export const REVIEW_PAGE = 500;

const OFFSET_MS = 8 * 3_600_000;

/**
 * `now` in the format the engine writes `nextReviewAt` (and so the ReviewAt index key):
 * `YYYY-MM-DDTHH:mm:ss+08:00`. Equal formats make the index's string order the time order.
 * @example reviewKey(new Date('2024-03-01T16:00:00Z')) === '2024-03-02T00:00:00+08:00'
 */
export function reviewKey(now: Date): string {
  return `${new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

export interface AutoConvertRun {
  runId: string;
  dueBy: string;
  buckets: number;
}

/**
 * Starts one run of the auto-conversion job.
 *
 * 1. Sends one `review-page` message per ReviewDue bucket (REVIEW_BUCKETS of them: the sparse index
 *    spreads statuses over 16 partitions, so no partition is hot, and the buckets run in parallel).
 * 2. Each page queries ReviewBucket = b AND ReviewAt <= now (processReviewPage), re-evaluates those
 *    holders, and sends the next page as a new message.
 * Idempotent and safe to run twice at once: holder-state's optimistic lock turns the second
 * evaluation of a holder into a re-read that finds nothing to change, so no history entry is doubled.
 *
 * `reviewFrom` (local dev route only) narrows the run to statuses due at or after that instant, so a
 * test that moves its own clock years ahead does not re-evaluate other tests' residents.
 */
export async function startAutoConvert(ports: AuthorityPorts, now: Date, runId: string, reviewFrom?: Date): Promise<AutoConvertRun> {
  const dueBy = reviewKey(now);
  const at = now.toISOString();
  const messages: WorkMessage[] = Array.from({ length: REVIEW_BUCKETS }, (_, bucket) => ({
    kind: 'review-page',
    bucket,
    dueBy,
    runId,
    at,
    ...(reviewFrom ? { dueFrom: reviewKey(reviewFrom) } : {}),
  }));
  await ports.queue.send(messages);
  return { runId, dueBy, buckets: REVIEW_BUCKETS };
}

/** One page of one ReviewDue bucket (a `review-page` message). Returns the number of holders found. */
export async function processReviewPage(ports: AuthorityPorts, message: Extract<WorkMessage, { kind: 'review-page' }>): Promise<number> {
  const page = await ports.store.reviewDuePage(message.bucket, message.dueBy, { dueFrom: message.dueFrom, limit: REVIEW_PAGE, cursor: message.startKey });
  await enqueueReevaluation(ports, page.holderIds, { kind: 'job', ref: message.runId }, new Date(message.at));
  if (page.next) await ports.queue.send([{ ...message, startKey: page.next }]);
  return page.holderIds.length;
}
