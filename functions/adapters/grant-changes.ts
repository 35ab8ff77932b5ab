/**
 * Inspector tokens against the registry's later changes. A token carries the checkpoints its holder
 * was granted at sign-in (functions/core/inspector/sign-in.ts); when an admin takes a department off a
 * checkpoint, the registry stamps the checkpoint record with `grantsChangedAt`
 * (functions/adapters/dynamodb/checkpoint-registry-store.ts), and tokens issued before that no longer
 * carry it: the inspector signs in again and the registry is read afresh. GetItem by key only (every
 * function bundles the middleware, and most roles may not BatchGet), remembered for a few seconds
 * (a token names a handful of checkpoints).
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys';

/** How long an instance trusts what it read: a removal reaches every gate within this. */
export const GRANT_CHANGE_CACHE_MS = 5_000;
const grantChanges = new Map<string, { changedAt?: number; readAt: number }>();

export async function liveTokenCheckpoints(db: DynamoDBDocumentClient, tableName: string, checkpoints: readonly string[], issuedAtSeconds: number | undefined): Promise<string[]> {
  const now = Date.now();
  const stale = [...new Set(checkpoints)].filter((id) => (grantChanges.get(id)?.readAt ?? -Infinity) < now - GRANT_CHANGE_CACHE_MS);
  await Promise.all(
    stale.map(async (id) => {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.checkpoint(id), ProjectionExpression: 'grantsChangedAt' }));
      const changed = out.Item?.grantsChangedAt;
      if (grantChanges.size > 10_000) grantChanges.clear();
      grantChanges.set(id, { changedAt: typeof changed === 'string' ? Date.parse(changed) : undefined, readAt: now });
    }),
  );
  // Seconds against milliseconds: a change within the token's issue second counts as after it.
  const issuedMs = (issuedAtSeconds ?? 0) * 1000;
  return checkpoints.filter((id) => {
    const changedAt = grantChanges.get(id)?.changedAt;
    return changedAt === undefined || Number.isNaN(changedAt) || changedAt < issuedMs;
  });
}
