/**
 * The inspector registry in the single table (access patterns 15 and 16): grants
 * `INSPREG#<corpId>` / `USER#|DEPT#|ROLE#<id>` → `{ checkpoints: string[], displayName? }`, and
 * checkpoints `CHECKPOINT#<id>` → `{ name }`. Both are read with BatchGetItem by exact key, so a
 * sign-in costs two batched reads, never a query over a corp.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from './dynamodb/batch-get';
import { keys, type Key } from './keys';
import type { InspectorGrants, InspectorIdentity, InspectorRegistry } from '../core/inspector/ports';

/** A user in more groups than this is not an inspector account we expect; read the first ones only. */
const MAX_GRANT_KEYS = 300;

function batchGet(db: DynamoDBDocumentClient, tableName: string, keyList: Key[]): Promise<Record<string, unknown>[]> {
  return batchGetAll(db, tableName, keyList);
}

export function dynamoInspectorRegistry(db: DynamoDBDocumentClient, tableName: string): InspectorRegistry {
  return {
    async grantsFor(identity: InspectorIdentity): Promise<InspectorGrants> {
      const grantKeys = [
        keys.inspectorGrant(identity.corpId, 'USER', identity.userId),
        ...identity.departments.map((id) => keys.inspectorGrant(identity.corpId, 'DEPT', id)),
        ...identity.roles.map((id) => keys.inspectorGrant(identity.corpId, 'ROLE', id)),
      ];
      const unique = [...new Map(grantKeys.map((key) => [`${key.PK}|${key.SK}`, key])).values()].slice(0, MAX_GRANT_KEYS);
      const grants = await batchGet(db, tableName, unique);
      const checkpointIds = new Set<string>();
      let displayName: string | undefined;
      // The user's own grant names them; department and role grants only add checkpoints.
      const userSk = keys.inspectorGrant(identity.corpId, 'USER', identity.userId).SK;
      for (const grant of grants) {
        for (const id of Array.isArray(grant.checkpoints) ? grant.checkpoints : []) checkpointIds.add(String(id));
        if (grant.SK === userSk && typeof grant.displayName === 'string') displayName = grant.displayName;
      }
      if (checkpointIds.size === 0) return { checkpoints: [], displayName };
      const found = await batchGet(db, tableName, [...checkpointIds].map((id) => keys.checkpoint(id)));
      const names = new Map(found.map((item) => [String(item.id ?? String(item.PK).slice('CHECKPOINT#'.length)), String(item.name ?? '')]));
      // A grant naming a checkpoint that no longer exists gives no access to it.
      const checkpoints = [...checkpointIds].filter((id) => names.has(id)).sort().map((id) => ({ id, name: names.get(id) ?? id }));
      return { checkpoints, displayName };
    },
  };
}

