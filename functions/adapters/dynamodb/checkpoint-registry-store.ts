/**
 * The checkpoint registry in the single table: the record the inspector sign-in reads
 * (`CHECKPOINT#<id>`, keys.ts row 16: it needs `name`), its copy in the list partition
 * (`CHECKPOINTS` / `CP#<id>`, row 41), and the department grants (`INSPREG#<corp>` / `DEPT#<id>`,
 * row 15, `checkpoints` list). Every change writes them with its decision-log entry in one
 * transaction (functions/adapters/console-store.ts `auditedTransaction`), conditioned on the
 * record's version, so two admins editing at once never lose a mapping.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { prefixQuery, queryAll } from './query';
import { keys } from '../keys';
import { auditedTransaction, type TransactItems } from '../console-store';
import { CHECKPOINT_TYPES, type CheckpointType, type ConsoleCheckpoint } from '../../../shared/api/console-checkpoints';
import { regionName } from '../../../shared/regions';
import type { CheckpointRegistryStore } from '../../core/console/checkpoints';
import { ConflictError } from '../../core/errors';

const CHANGED = () => new ConflictError('卡口信息已被他人修改，请刷新后重试');

/** A stored record, including ones seeded before the registry had types and versions (version 0). */
export function checkpointFromItem(item: Record<string, unknown>): ConsoleCheckpoint {
  const county = typeof item.county === 'string' ? item.county : typeof item.region === 'string' ? item.region : '';
  const at = typeof item.createdAt === 'string' ? item.createdAt : new Date(0).toISOString();
  return {
    id: String(item.id ?? String(item.PK).slice('CHECKPOINT#'.length)),
    name: String(item.name ?? '').slice(0, 40),
    type: (CHECKPOINT_TYPES as readonly unknown[]).includes(item.type) ? (item.type as CheckpointType) : 'other',
    county,
    countyName: regionName(county) ?? county,
    departments: Array.isArray(item.departments)
      ? item.departments.flatMap((d: { corpId?: unknown; departmentId?: unknown; addedAt?: unknown }) =>
          typeof d?.corpId === 'string' && typeof d.departmentId === 'string' ? [{ corpId: d.corpId, departmentId: d.departmentId, addedAt: typeof d.addedAt === 'string' ? d.addedAt : at }] : [],
        )
      : [],
    createdAt: at,
    updatedAt: typeof item.updatedAt === 'string' ? item.updatedAt : at,
    ...(typeof item.grantsChangedAt === 'string' ? { grantsChangedAt: item.grantsChangedAt } : {}),
    version: typeof item.version === 'number' ? item.version : 0,
  };
}

/** The two items of a record (row 16 and its list copy, row 41). */
export function checkpointItems(checkpoint: ConsoleCheckpoint): Record<string, unknown>[] {
  return [
    { ...keys.checkpoint(checkpoint.id), ...checkpoint },
    { ...keys.checkpointDirectory(checkpoint.id), ...checkpoint },
  ];
}

export function dynamoCheckpointRegistry(db: DynamoDBDocumentClient, tableName: string): CheckpointRegistryStore {
  const { withEntry } = auditedTransaction(db, tableName);

  /** The record's two puts, the first conditioned on the version it was read at. */
  const recordPuts = (checkpoint: ConsoleCheckpoint, previousVersion: number | 'new'): TransactItems => {
    const [main, copy] = checkpointItems(checkpoint);
    const condition =
      previousVersion === 'new'
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : previousVersion === 0
          ? { ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(version)' }
          : { ConditionExpression: 'version = :prev', ExpressionAttributeValues: { ':prev': previousVersion } };
    return [
      { Put: { TableName: tableName, Item: main!, ...condition } },
      { Put: { TableName: tableName, Item: copy! } },
    ];
  };

  const grant = async (corpId: string, departmentId: string): Promise<string[] | undefined> => {
    const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.inspectorGrant(corpId, 'DEPT', departmentId), ConsistentRead: true }));
    if (!out.Item) return undefined;
    return Array.isArray(out.Item.checkpoints) ? out.Item.checkpoints.map(String) : [];
  };

  return {
    async list() {
      // Checkpoints are hundreds; the first thousand bound the answer whatever the partition holds.
      const items = await queryAll(db, prefixQuery(tableName, keys.checkpointDirectoryPrefix()), 1000);
      return items.slice(0, 1000).map(checkpointFromItem);
    },

    async get(id) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.checkpoint(id), ConsistentRead: true }));
      return out.Item ? checkpointFromItem(out.Item) : undefined;
    },

    async create(checkpoint, entry) {
      await withEntry(recordPuts(checkpoint, 'new'), entry, () => new ConflictError('卡口编号已存在，请换一个编号'));
    },

    async update(checkpoint, previousVersion, entry) {
      await withEntry(recordPuts(checkpoint, previousVersion), entry, CHANGED);
    },

    async addDepartment(checkpoint, previousVersion, { corpId, departmentId }, entry) {
      const current = await grant(corpId, departmentId);
      const items = recordPuts(checkpoint, previousVersion);
      if (!current?.includes(checkpoint.id)) {
        items.push({
          Update: {
            TableName: tableName,
            Key: keys.inspectorGrant(corpId, 'DEPT', departmentId),
            UpdateExpression: 'SET checkpoints = list_append(if_not_exists(checkpoints, :empty), :one), updatedAt = :at',
            ConditionExpression: 'attribute_not_exists(checkpoints) OR NOT contains(checkpoints, :id)',
            ExpressionAttributeValues: { ':empty': [], ':one': [checkpoint.id], ':id': checkpoint.id, ':at': checkpoint.updatedAt },
          },
        });
      }
      await withEntry(items, entry, CHANGED);
    },

    async removeDepartment(checkpoint, previousVersion, { corpId, departmentId }, entry) {
      const current = (await grant(corpId, departmentId)) ?? [];
      const items = recordPuts(checkpoint, previousVersion);
      const index = current.indexOf(checkpoint.id);
      if (index >= 0) {
        // The element is removed by position, on the condition that it is still there.
        items.push({
          Update: {
            TableName: tableName,
            Key: keys.inspectorGrant(corpId, 'DEPT', departmentId),
            UpdateExpression: `REMOVE checkpoints[${index}] SET updatedAt = :at`,
            ConditionExpression: `checkpoints[${index}] = :id`,
            ExpressionAttributeValues: { ':id': checkpoint.id, ':at': checkpoint.updatedAt },
          },
        });
      }
      await withEntry(items, entry, CHANGED);
    },
  };
}
