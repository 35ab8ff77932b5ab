/**
 * Fixed-window rate limits in DynamoDB: one counter item per principal per window, bumped with an
 * atomic conditional UpdateItem, so the limit holds across every Lambda instance (an in-memory
 * counter would let N instances allow N times the limit). Items expire through the table's TTL.
 *
 * A fixed window admits up to twice the limit across a window boundary; for "120 scans a minute"
 * that is acceptable and costs one write per request, where a sliding log would cost more.
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { keys, ttlAfter } from './keys';
import { attr } from './table';
import type { RateDecision, RateLimiter } from '../core/inspector/ports';

export interface RateLimitOptions {
  /** Window length in seconds (default 60). */
  windowSeconds?: number;
}

/** The window a moment falls in, as its start in ISO (UTC). */
export function windowStart(now: Date, windowSeconds: number): Date {
  const ms = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

export function dynamoRateLimiter(db: DynamoDBDocumentClient, tableName: string, options: RateLimitOptions = {}): RateLimiter {
  const windowSeconds = options.windowSeconds ?? 60;
  return {
    async consume(bucket: string, limit: number, now: Date): Promise<RateDecision> {
      const start = windowStart(now, windowSeconds);
      const retryAfterSeconds = Math.max(1, Math.ceil((start.getTime() + windowSeconds * 1000 - now.getTime()) / 1000));
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.rateWindow(bucket, start.toISOString()),
            UpdateExpression: 'ADD #n :one SET #ttl = if_not_exists(#ttl, :ttl)',
            ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
            ExpressionAttributeNames: { '#n': 'count', '#ttl': attr.ttl },
            ExpressionAttributeValues: {
              ':one': 1,
              ':limit': limit,
              // Kept one window past its end, then DynamoDB's TTL removes it.
              ':ttl': ttlAfter(start, 2 * windowSeconds)[attr.ttl],
            },
          }),
        );
        return { allowed: true, retryAfterSeconds };
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException || (err as { name?: string }).name === 'ConditionalCheckFailedException') {
          return { allowed: false, retryAfterSeconds };
        }
        throw err;
      }
    },
  };
}
