/**
 * Single-item reads and the scan gate that the inspector, console and statistics ports share
 * (functions/wiring puts them into each area's ports).
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys, ttlAfter } from '../keys';
import { isConditionFailed } from './errors';

/** The holder a document is bound to (access pattern DOC#/BIND); `consistent` where a write may just have happened. */
export function documentHolder(db: DynamoDBDocumentClient, tableName: string, options: { consistent: boolean }) {
  return async (documentHash: string): Promise<string | undefined> => {
    const out = await db.send(new GetCommand({
      TableName: tableName, Key: keys.documentBinding(documentHash), ProjectionExpression: 'holderId', ...(options.consistent ? { ConsistentRead: true } : {}),
    }));
    return typeof out.Item?.holderId === 'string' ? out.Item.holderId : undefined;
  };
}

/** Whether a checkpoint exists (its key only). */
export function checkpointExists(db: DynamoDBDocumentClient, tableName: string) {
  return async (checkpointId: string): Promise<boolean> =>
    Boolean((await db.send(new GetCommand({ TableName: tableName, Key: keys.checkpoint(checkpointId), ProjectionExpression: 'PK' }))).Item);
}

/**
 * Claims a scanned payload for one checkpoint until it expires (plus a minute): false when another
 * checkpoint claimed it first. The same checkpoint may scan it again.
 */
export function payloadGate(db: DynamoDBDocumentClient, tableName: string) {
  return async (payload: string, checkpointId: string, expiresAt: Date): Promise<boolean> => {
    const hash = createHash('sha256').update(payload).digest('base64url');
    try {
      await db.send(new PutCommand({
        TableName: tableName,
        Item: { ...keys.payloadGate(hash), checkpointId, ...ttlAfter(expiresAt, 60) },
        ConditionExpression: 'attribute_not_exists(PK) OR checkpointId = :cp',
        ExpressionAttributeValues: { ':cp': checkpointId },
      }));
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  };
}
