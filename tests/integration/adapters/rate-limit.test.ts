import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { createDocumentClient } from '../../../functions/adapters/dynamo';
import { dynamoRateLimiter, windowStart } from '../../../functions/adapters/rate-limit';
import { keys } from '../../../functions/adapters/keys';
import { attr } from '../../../functions/adapters/table';

const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const tableName = process.env.TABLE_NAME!;
const limiter = dynamoRateLimiter(db, tableName);
const t = new Date('2026-03-01T08:00:10Z');

describe('the DynamoDB rate limiter', () => {
  test('admits exactly the limit per window, refuses the next, and opens again in the next window', async () => {
    const bucket = `test:${randomBytes(4).toString('hex')}`;
    const results = [];
    for (let i = 0; i < 6; i++) results.push((await limiter.consume(bucket, 5, t)).allowed);
    expect(results).toEqual([true, true, true, true, true, false]);
    expect((await limiter.consume(bucket, 5, t)).retryAfterSeconds).toBe(50);
    expect((await limiter.consume(bucket, 5, new Date(t.getTime() + 50_000))).allowed).toBe(true);
  });

  test('concurrent callers (as separate Lambda instances would be) never exceed the limit together', async () => {
    const bucket = `test:${randomBytes(4).toString('hex')}`;
    const instances = Array.from({ length: 4 }, () => dynamoRateLimiter(createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT }), tableName));
    const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => instances[i % 4]!.consume(bucket, 25, t)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
  });

  test('the window item carries a TTL one window past its end', async () => {
    const bucket = `test:${randomBytes(4).toString('hex')}`;
    await limiter.consume(bucket, 5, t);
    const start = windowStart(t, 60);
    const item = (await db.send(new GetCommand({ TableName: tableName, Key: keys.rateWindow(bucket, start.toISOString()) }))).Item;
    expect(item?.count).toBe(1);
    expect(item?.[attr.ttl]).toBe(start.getTime() / 1000 + 120);
  });
});
