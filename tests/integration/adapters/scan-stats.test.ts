/**
 * The stream consumer that builds the checkpoint statistics (functions/jobs/scan-stats.ts), called
 * in-process with stream records shaped as Lambda delivers them, against DynamoDB Local.
 */
import { randomBytes } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { handler } from '../../../functions/jobs/scan-stats';
import { createDocumentClient } from '../../../functions/adapters/dynamo';
import { dynamoScanLog, tallyScans } from '../../../functions/adapters/scan-log';

const log = dynamoScanLog(createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT }), process.env.TABLE_NAME!);

function record(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', sk: string, item: Record<string, unknown>): DynamoDBRecord {
  return {
    eventID: randomBytes(8).toString('hex'),
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: marshall({ PK: 'INSPECTOR#sandbox:x', SK: sk }) as never,
      NewImage: marshall({ PK: 'INSPECTOR#sandbox:x', SK: sk, ...item }, { removeUndefinedValues: true }) as never,
      SequenceNumber: String(Date.now()),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

describe('tallyScans', () => {
  test('sums per checkpoint and Asia/Shanghai hour, and skips what is not a scan', () => {
    expect(
      tallyScans([
        { checkpointId: 'a', outcome: 'pass', at: '2026-03-01T23:30:00.000Z' },
        { checkpointId: 'a', outcome: 'stop', at: '2026-03-01T23:59:59.999Z' },
        { checkpointId: 'a', outcome: 'pass', at: '2026-03-02T00:00:00.000Z' },
        { checkpointId: 'b', outcome: 'invalid', at: '2026-03-01T23:00:00.000Z' },
        { checkpointId: 'a', outcome: 'maybe', at: '2026-03-01T23:30:00.000Z' },
        { checkpointId: 'a', outcome: 'pass', at: 'yesterday' },
        { outcome: 'pass', at: '2026-03-01T23:30:00.000Z' },
      ]),
    ).toEqual([
      { checkpointId: 'a', day: '2026-03-02', hour: '07', pass: 1, stop: 1, invalid: 0 },
      { checkpointId: 'a', day: '2026-03-02', hour: '08', pass: 1, stop: 0, invalid: 0 },
      { checkpointId: 'b', day: '2026-03-02', hour: '07', pass: 0, stop: 0, invalid: 1 },
    ]);
  });
});

describe('the scan statistics stream consumer', () => {
  test('counts new scan items only; a redelivered batch does not count twice', async () => {
    const gate = `ss-${randomBytes(4).toString('hex')}`;
    const at = '2026-04-01T02:10:00.000Z'; // 10:10 in Shanghai
    const scan = (outcome: string) => record('INSERT', `SCAN#${at}#${randomBytes(4).toString('hex')}`, { at, checkpointId: gate, outcome, kind: 'code' });
    const batch: DynamoDBStreamEvent = {
      Records: [
        scan('pass'),
        scan('pass'),
        scan('stop'),
        scan('invalid'),
        // Not scans: a TTL removal, an update, an item outside the SCAN# range.
        record('REMOVE', `SCAN#${at}#old`, { at, checkpointId: gate, outcome: 'pass' }),
        record('MODIFY', `SCAN#${at}#mod`, { at, checkpointId: gate, outcome: 'pass' }),
        record('INSERT', 'OFFLINE#abc', { at, checkpointId: gate, outcome: 'pass' }),
      ],
    };
    await handler(batch);
    await handler(batch); // Lambda retried the same batch
    expect(await log.hourlyCounts(gate, '2026-04-01')).toEqual([{ hour: '10', pass: 2, stop: 1, invalid: 1 }]);

    // A different batch counts on top.
    await handler({ Records: [scan('stop')] });
    expect(await log.hourlyCounts(gate, '2026-04-01')).toEqual([{ hour: '10', pass: 2, stop: 2, invalid: 1 }]);
  });

  test('a batch of more than 100 checkpoint-hours is written in several transactions', async () => {
    const prefix = `ss-many-${randomBytes(3).toString('hex')}`;
    const at = '2026-04-01T02:10:00.000Z';
    const records = Array.from({ length: 130 }, (_, i) => record('INSERT', `SCAN#${at}#${i}`, { at, checkpointId: `${prefix}-${i}`, outcome: 'pass' }));
    await handler({ Records: records });
    const counts = await Promise.all([0, 99, 100, 129].map((i) => log.hourlyCounts(`${prefix}-${i}`, '2026-04-01')));
    expect(counts).toEqual(Array(4).fill([{ hour: '10', pass: 1, stop: 0, invalid: 0 }]));
  });
});
