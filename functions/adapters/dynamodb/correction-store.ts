/** The corrections' store on the single table (functions/core/corrections.ts `CorrectionStore`). */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CorrectionStore, StoredCorrection } from '../../core/corrections';
import type { HolderStore } from '../../core/holder-state';
import { keys } from '../keys';
import { batchGetAll } from './batch-get';
import { transact, type TransactItem } from './holder-store';

export function dynamoCorrectionStore(db: DynamoDBDocumentClient, tableName: string, holders: HolderStore): CorrectionStore {
  return {
    ...holders,

    async holderCorrectionIds(holderId, limit, consistent) {
      const prefix = keys.correctionOfHolderPrefix(holderId);
      const out = await db.send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': prefix.PK, ':p': prefix.prefix },
        ScanIndexForward: false,
        Limit: limit,
        ...(consistent ? { ConsistentRead: true } : {}),
      }));
      return (out.Items ?? []).map((l) => String(l.correctionId));
    },

    fileCorrection(c, accountId) {
      return transact(db, [
        { Put: { TableName: tableName, Item: { ...keys.openCorrection(c.holderId, c.trigger, c.declaredOn), correctionId: c.id }, ConditionExpression: 'attribute_not_exists(PK)' } },
        { Put: { TableName: tableName, Item: { ...keys.correction(c.id), ...c }, ConditionExpression: 'attribute_not_exists(PK)' } },
        { Put: { TableName: tableName, Item: { ...keys.correctionOfHolder(c.holderId, c.id), correctionId: c.id } } },
        // The holder must still exist: a correction never outlives a deletion racing it.
        { ConditionCheck: { TableName: tableName, Key: keys.status(c.holderId), ConditionExpression: 'attribute_exists(PK)' } },
        // Nor is one filed once the account's deletion has begun (functions/core/resident/deletion.ts).
        { ConditionCheck: { TableName: tableName, Key: keys.accountClosing(accountId), ConditionExpression: 'attribute_not_exists(PK)' } },
      ]);
    },

    async correction(id) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.correction(id), ConsistentRead: true }));
      return out.Item as StoredCorrection | undefined;
    },

    async corrections(ids) {
      return (await batchGetAll(db, tableName, ids.map((id) => keys.correction(id)), { consistent: true })) as unknown as StoredCorrection[];
    },

    async correctionsPage({ state, after, limit }) {
      const prefix = keys.correctionsPrefix();
      const res = await db.send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': prefix.PK, ':p': prefix.prefix, ...(state ? { ':state': state } : {}) },
        ...(state ? { FilterExpression: '#state = :state', ExpressionAttributeNames: { '#state': 'state' } } : {}),
        ...(after ? { ExclusiveStartKey: { PK: prefix.PK, SK: after } } : {}),
        ScanIndexForward: false,
        Limit: limit,
      }));
      return {
        items: (res.Items ?? []).map((item) => ({ correction: item as StoredCorrection, position: String(item.SK) })),
        ...(res.LastEvaluatedKey ? { next: String(res.LastEvaluatedKey.SK) } : {}),
      };
    },

    replaceCorrection: (current, next) => ({
      Put: {
        TableName: tableName,
        Item: { ...keys.correction(current.id), ...next },
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': current.version },
      },
    }),

    closeOpenCorrection: (c) => ({ Delete: { TableName: tableName, Key: keys.openCorrection(c.holderId, c.trigger, c.declaredOn) } }),

    commitCorrection: (writes) => transact(db, writes as TransactItem[]),
  };
}
