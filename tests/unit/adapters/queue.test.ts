import type { SQSClient } from '@aws-sdk/client-sqs';
import { inlineQueue, sqsQueue, workQueue } from '../../../functions/adapters/queue';
import { reviewKey } from '../../../functions/core/authority/auto-convert';

/** A fake SQS client on the port's `send`: records batches and fails the entries it is told to, once. */
function fakeSqs(failOnce: Set<string> = new Set()) {
  const batches: { QueueUrl: string; bodies: string[] }[] = [];
  const client = {
    async send(command: { input: { QueueUrl: string; Entries: { Id: string; MessageBody: string }[] } }) {
      const { QueueUrl, Entries } = command.input;
      batches.push({ QueueUrl, bodies: Entries.map((e) => e.MessageBody) });
      const Failed = Entries.filter((e) => failOnce.delete(e.MessageBody)).map((e) => ({ Id: e.Id, SenderFault: false, Code: 'InternalError' }));
      return { Successful: [], Failed };
    },
  };
  return { batches, client: client as unknown as Pick<SQSClient, 'send'> };
}

describe('work queue adapter', () => {
  test('SQS: messages go out in batches of 10 as JSON, and entries SQS refuses are sent again', async () => {
    const sqs = fakeSqs(new Set([JSON.stringify({ n: 3 })]));
    const queue = sqsQueue<{ n: number }>('https://sqs.example/work', sqs.client);
    await queue.send(Array.from({ length: 23 }, (_, n) => ({ n })));
    expect(sqs.batches.map((b) => b.bodies.length).sort((a, b) => a - b)).toEqual([1, 3, 10, 10]);
    const all = sqs.batches.flatMap((b) => b.bodies.map((body) => JSON.parse(body).n as number));
    expect(all.filter((n) => n === 3)).toHaveLength(2);
    expect(new Set(all).size).toBe(23);
    expect(queue.inline).toBe(false);
  });

  test('SQS: a message over the size limit is refused before sending', async () => {
    const sqs = fakeSqs();
    await expect(sqsQueue('q', sqs.client).send([{ big: 'x'.repeat(300 * 1024) }])).rejects.toThrow(RangeError);
    expect(sqs.batches).toHaveLength(0);
  });

  test('inline: each message is handled in order before send resolves, as SQS would deliver it (JSON)', async () => {
    const seen: unknown[] = [];
    const queue = inlineQueue<{ at: unknown }>(async (m) => {
      seen.push(m);
    });
    await queue.send([{ at: new Date('2024-03-01T00:00:00Z') as unknown }, { at: 2 }]);
    expect(seen).toEqual([{ at: '2024-03-01T00:00:00.000Z' }, { at: 2 }]);
    expect(queue.inline).toBe(true);
  });

  test('the deployment picks SQS when WORK_QUEUE_URL is set, the inline stand-in otherwise', () => {
    expect(workQueue(async () => undefined, { WORK_QUEUE_URL: 'https://sqs.example/q' }).inline).toBe(false);
    expect(workQueue(async () => undefined, {}).inline).toBe(true);
  });

  test('review keys use the engine format, so the index orders them by time', () => {
    expect(reviewKey(new Date('2024-03-01T16:00:00Z'))).toBe('2024-03-02T00:00:00+08:00');
    expect(reviewKey(new Date('2024-03-01T15:59:59.999Z'))).toBe('2024-03-01T23:59:59+08:00');
  });
});
