import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { createDocumentClient } from '../../../functions/adapters/dynamo';
import { dynamoRateLimiter, windowStart } from '../../../functions/adapters/rate-limit';
import { keys } from '../../../functions/adapters/keys';
import { attr } from '../../../functions/adapters/table';

const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const tableName = process.env.TABLE_NAME!;
/** Each limiter stands for one Lambda instance: its own store of leased tokens. */
const instance = () => dynamoRateLimiter(createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT }), tableName, { allowances: new Map() });
const limiter = instance();
const counterOf = async (bucket: string, at: Date) =>
  (await db.send(new GetCommand({ TableName: tableName, Key: keys.rateWindow(bucket, windowStart(at, 60).toISOString()) }))).Item?.count;
const t = new Date('2026-03-01T08:00:10Z');

describe('the DynamoDB rate limiter', () => {
  test('admits exactly the limit per window, refuses the next, and opens again in the next window', async () => {
    const bucket = `test:${randomBytes(4).toString('hex')}`;
    const limiter = instance();
    const results = [];
    for (let i = 0; i < 6; i++) results.push((await limiter.consume(bucket, 5, t)).allowed);
    expect(results).toEqual([true, true, true, true, true, false]);
    expect((await limiter.consume(bucket, 5, t)).retryAfterSeconds).toBe(50);
    expect((await limiter.consume(bucket, 5, new Date(t.getTime() + 50_000))).allowed).toBe(true);
  });

  test('concurrent callers (as separate Lambda instances would be) never exceed the limit together', async () => {
    const bucket = `test:${randomBytes(4).toString('hex')}`;
    const instances = Array.from({ length: 4 }, instance);
    const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => instances[i % 4]!.consume(bucket, 25, t)));
    const admitted = decisions.filter((d) => d.allowed).length;
    // The table never hands out more than the limit, and no caller is admitted beyond what was leased.
    expect(await counterOf(bucket, t)).toBe(25);
    expect(admitted).toBeLessThanOrEqual(25);
    // Leases strand tokens only on an instance whose 10 callers were all served (1+2+4+8 leased, 10
    // used: 5 left); then the others share the rest and use all of it. Which instance runs ahead
    // depends on scheduling, so 20 is as few as the design may admit here.
    expect(admitted).toBeGreaterThanOrEqual(20);
  });

  test('concurrent requests on one instance wait for its lease instead of racing it: exactly the limit is admitted', async () => {
    const bucket = `test:${randomBytes(4).toString('hex')}`;
    const limiter = instance();
    // Warm: leases of 1, 2 and 4, so the next lease is 8 tokens, the size that raced before.
    for (let i = 0; i < 7; i++) expect((await limiter.consume(bucket, 30, t)).allowed).toBe(true);
    const decisions = await Promise.all(Array.from({ length: 40 }, () => limiter.consume(bucket, 30, t)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(23);
    expect(await counterOf(bucket, t)).toBe(30);
  });

  test('an instance that keeps serving one principal leases 1, 2, 4, then 8 tokens at a time, and still admits exactly the limit', async () => {
    const bucket = `test:${randomBytes(4).toString('hex')}`;
    const limiter = instance();
    for (let i = 0; i < 7; i++) expect((await limiter.consume(bucket, 30, t)).allowed).toBe(true);
    // 7 admissions cost 3 writes: leases of 1, 2 and 4.
    expect(await counterOf(bucket, t)).toBe(7);
    expect((await limiter.consume(bucket, 30, t)).allowed).toBe(true);
    expect(await counterOf(bucket, t)).toBe(15);
    const rest = [];
    for (let i = 8; i < 31; i++) rest.push((await limiter.consume(bucket, 30, t)).allowed);
    expect(rest.filter(Boolean)).toHaveLength(22);
    expect(rest[rest.length - 1]).toBe(false);
    expect(await counterOf(bucket, t)).toBe(30);
  });

  test('instances taking turns never admit more than the limit together, and lose at most 7 tokens each', async () => {
    const bucket = `test:${randomBytes(4).toString('hex')}`;
    const instances = Array.from({ length: 3 }, instance);
    const decisions = [];
    for (let i = 0; i < 200; i++) decisions.push((await instances[Math.floor(i / 5) % 3]!.consume(bucket, 120, t)).allowed);
    const admitted = decisions.filter(Boolean).length;
    expect(admitted).toBeLessThanOrEqual(120);
    expect(admitted).toBeGreaterThanOrEqual(120 - 3 * 7);
    expect(await counterOf(bucket, t)).toBeLessThanOrEqual(120);
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
