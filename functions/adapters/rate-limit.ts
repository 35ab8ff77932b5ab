/**
 * Fixed-window rate limits in DynamoDB, shared by every Lambda instance: one counter item per
 * principal per window, and an instance only admits a request against tokens it took from that
 * counter with an atomic conditional UpdateItem. Items expire through the table's TTL.
 *
 * Leases. Taking one token per request would put a write on every request's path (on the verify
 * path that write costs as much as the rest of the database work together, see `npm run bench`).
 * So an instance takes tokens in leases that grow while the same principal keeps coming back to it
 * within the window: 1, 2, 4, then `maxLease` at a time, and spends them from memory. A principal
 * whose requests scatter over many instances keeps leasing one token at a time. Concurrent requests
 * of one instance wait for the lease under way rather than race it (racing, a burst of 40 at a warm
 * instance admitted 9 of 30 and left the rest of its lease unspent), and once the shared counter is
 * full the instance refuses without another write until the window ends.
 *
 * What this guarantees:
 * - never more than `limit` admitted per window across all instances together: a lease is only
 *   granted while the shared counter plus the lease stays within the limit;
 * - at worst, tokens leased by one instance and not spent there by the window's end are lost to the
 *   principal; with `maxLease` 8 that is at most 7 per instance that served it, which only makes
 *   the limit stricter. When a full lease no longer fits, a single token is tried before refusing,
 *   so one instance serving a principal admits exactly `limit`.
 *
 * A fixed window admits up to twice the limit across a window boundary; for "120 scans a minute"
 * that is acceptable.
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed } from './dynamodb/errors';
import { keys, ttlAfter } from './keys';
import { attr } from './table';
import type { RateDecision, RateLimiter } from '../core/inspector/ports';

export interface RateLimitOptions {
  /** Window length in seconds (default 60). */
  windowSeconds?: number;
  /** The largest lease an instance takes at once (default 8; 1 takes a token per request). */
  maxLease?: number;
  /** This instance's unspent tokens; by default one store per Lambda instance (module scope). */
  allowances?: Allowances;
}

/**
 * Per bucket: the window the tokens belong to, how many are left, the next lease's size, the lease
 * under way (concurrent requests of this instance wait for it instead of racing it), and whether the
 * shared counter is full (a window's counter only grows, so that is final until the window ends).
 */
export type Allowances = Map<string, { window: number; left: number; nextLease: number; pending?: Promise<void>; full?: boolean }>;

const instanceAllowances: Allowances = new Map();
/** Past this many buckets, entries of ended windows are dropped. */
const PRUNE_AT = 10_000;

/** The window a moment falls in, as its start in ISO (UTC). */
export function windowStart(now: Date, windowSeconds: number): Date {
  const ms = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

const isConditionFailure = isConditionFailed;

export function dynamoRateLimiter(db: DynamoDBDocumentClient, tableName: string, options: RateLimitOptions = {}): RateLimiter {
  const windowSeconds = options.windowSeconds ?? 60;
  const maxLease = Math.max(1, options.maxLease ?? 8);
  const allowances = options.allowances ?? instanceAllowances;

  /** Takes `size` tokens from the shared counter of the window, or none. */
  async function lease(bucket: string, start: Date, size: number, limit: number): Promise<boolean> {
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.rateWindow(bucket, start.toISOString()),
          UpdateExpression: 'ADD #n :size SET #ttl = if_not_exists(#ttl, :ttl)',
          ConditionExpression: 'attribute_not_exists(#n) OR #n <= :room',
          ExpressionAttributeNames: { '#n': 'count', '#ttl': attr.ttl },
          ExpressionAttributeValues: {
            ':size': size,
            ':room': limit - size,
            // Kept one window past its end, then DynamoDB's TTL removes it.
            ':ttl': ttlAfter(start, 2 * windowSeconds)[attr.ttl],
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  return {
    async consume(bucket: string, limit: number, now: Date): Promise<RateDecision> {
      const start = windowStart(now, windowSeconds);
      const window = start.getTime();
      const retryAfterSeconds = Math.max(1, Math.ceil((window + windowSeconds * 1000 - now.getTime()) / 1000));
      const key = `${tableName}|${bucket}`;
      for (;;) {
        let own = allowances.get(key);
        if (!own || own.window !== window) {
          if (allowances.size >= PRUNE_AT) for (const [k, v] of allowances) if (v.window < window) allowances.delete(k);
          own = { window, left: 0, nextLease: 1 };
          allowances.set(key, own);
        }
        if (own.left > 0) {
          own.left -= 1;
          return { allowed: true, retryAfterSeconds };
        }
        if (own.full) return { allowed: false, retryAfterSeconds };
        // One lease at a time per bucket: a request that raced a sibling's lease would find the counter
        // taken by tokens that sit unspent in this very instance, and be refused below the limit.
        if (own.pending) {
          await own.pending;
          continue;
        }
        const entry = own;
        let done!: () => void;
        entry.pending = new Promise<void>((resolve) => (done = resolve));
        try {
          const size = Math.min(entry.nextLease, limit);
          let granted = size > 0 && (await lease(bucket, start, size, limit)) ? size : 0;
          if (granted === 0 && size > 1 && (await lease(bucket, start, 1, limit))) granted = 1;
          if (granted === 0) {
            entry.full = true;
            return { allowed: false, retryAfterSeconds };
          }
          entry.left += granted - 1;
          entry.nextLease = granted === size ? Math.min(maxLease, size * 2) : 1;
          return { allowed: true, retryAfterSeconds };
        } finally {
          entry.pending = undefined;
          done();
        }
      }
    },
  };
}
