/**
 * The city's registry of console officials (keys.ts row 27): `OFFREG#<corpId>` / `USER#<id>` or
 * `DEPT#<DingTalk department id>` → `{ roles, displayName? }`. Read by exact keys in one BatchGet.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from './dynamodb/batch-get';
import { keys } from './keys';
import { OFFICIAL_ROLES, type OfficialRole } from './sessions';
import type { OfficialGrant, OfficialIdentity, OfficialRegistry } from '../core/console/officials';

/** Departments read per sign-in at most (BatchGet takes 100 keys; one is the user's). */
const MAX_DEPARTMENTS = 99;

export function dynamoOfficialRegistry(db: DynamoDBDocumentClient, tableName: string): OfficialRegistry {
  return {
    async grantsFor(identity: OfficialIdentity): Promise<OfficialGrant> {
      const user = keys.officialGrant(identity.corpId, 'USER', identity.userId);
      const wanted = [user, ...[...new Set(identity.departments)].slice(0, MAX_DEPARTMENTS).map((id) => keys.officialGrant(identity.corpId, 'DEPT', id))];
      const items = await batchGetAll(db, tableName, wanted);
      const roles = new Set<OfficialRole>();
      let name: string | undefined;
      for (const item of items) {
        for (const role of Array.isArray(item.roles) ? item.roles : []) if ((OFFICIAL_ROLES as readonly unknown[]).includes(role)) roles.add(role as OfficialRole);
        if (item.SK === user.SK && typeof item.displayName === 'string') name = item.displayName;
      }
      return { name, roles: OFFICIAL_ROLES.filter((r) => roles.has(r)) };
    },
  };
}
