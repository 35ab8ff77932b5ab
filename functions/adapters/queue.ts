import type { WorkQueue } from '../core/ports';
import { SQSClient, SendMessageBatchCommand, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';

/**
 * The work queue port: background work (feed chunks, re-evaluation batches, roll-out scan segments)
 * is cut into messages so that no single Lambda loops over an unbounded list.
 *
 * - On AWS it is SQS (`WORK_QUEUE_URL`), consumed by `functions/jobs/worker.ts` with partial batch
 *   failures, and a dead-letter queue after a few receives.
 * - On the local stage and in tests there is no SQS: `inlineQueue` hands each message to the very
 *   same processing function the SQS consumer calls, in this process, before `send` resolves. The
 *   code path per message is identical; only the transport differs.
 *
 * The adapter knows nothing about the messages: they are JSON values of type M.
 */
export type { WorkQueue };

/** SQS caps a message at 256 KiB; our chunks stay well below, and this guards the rule. */
export const MAX_MESSAGE_BYTES = 240 * 1024;
const SQS_BATCH = 10;

/** SQS adapter: SendMessageBatch in groups of 10, re-sending entries SQS reports as failed (bounded). */
export function sqsQueue<M>(queueUrl: string, client: Pick<SQSClient, 'send'> = new SQSClient({})): WorkQueue<M> {
  return {
    inline: false,
    async send(messages) {
      const bodies = messages.map((m) => JSON.stringify(m));
      for (const body of bodies) {
        if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES) throw new RangeError(`work message of ${Buffer.byteLength(body)} bytes exceeds the SQS limit`);
      }
      const groups: string[][] = [];
      for (let i = 0; i < bodies.length; i += SQS_BATCH) groups.push(bodies.slice(i, i + SQS_BATCH));
      await Promise.all(
        groups.map(async (group) => {
          let entries: SendMessageBatchRequestEntry[] = group.map((MessageBody, i) => ({ Id: String(i), MessageBody }));
          for (let attempt = 0; entries.length > 0; attempt++) {
            if (attempt === 3) throw new Error(`SQS refused ${entries.length} work messages after 3 attempts`);
            const out = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
            const failed = new Set((out.Failed ?? []).map((f) => f.Id));
            entries = entries.filter((e) => failed.has(e.Id));
          }
        }),
      );
    },
  };
}

/**
 * The local stand-in: runs `process` for each message, in order, before `send` resolves. Messages
 * that a message's processing sends in turn are processed depth-first, as SQS would eventually.
 */
export function inlineQueue<M>(handle: (message: M) => Promise<void>): WorkQueue<M> {
  return {
    inline: true,
    async send(messages) {
      // A JSON round trip, so the local path sees exactly what SQS would deliver.
      for (const message of messages) await handle(JSON.parse(JSON.stringify(message)) as M);
    },
  };
}

/** The queue of this deployment: SQS when WORK_QUEUE_URL is set (AWS), the inline stand-in otherwise. */
export function workQueue<M>(handle: (message: M) => Promise<void>, env: NodeJS.ProcessEnv = process.env): WorkQueue<M> {
  return env.WORK_QUEUE_URL ? sqsQueue<M>(env.WORK_QUEUE_URL) : inlineQueue(handle);
}
