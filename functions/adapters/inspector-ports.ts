/**
 * The real adapters behind the inspector use cases, built once per request from the handler's
 * DynamoDB client (cheap: no I/O until a port is called). Handlers stay parse → use case → respond.
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { evaluateDocument, loadActiveRuleset, readHolderStatus } from '../core/holder-state';
import type { ManualCheckPorts } from '../core/inspector/manual-check';
import type { VerifyPorts } from '../core/inspector/verify';
import { unsealHolderRef, verifyCode } from './code-keys';
import { dynamoHolderStore } from './dynamodb/holder-store';
import { documentHash } from './document-hash';
import { keys, ttlAfter } from './keys';
import { dynamoRateLimiter } from './rate-limit';
import { dynamoScanLog, scanHolderRef } from './scan-log';
import { secrets } from './secrets';

export function inspectorPorts(db: DynamoDBDocumentClient, tableName: string) {
  const store = dynamoHolderStore(db, tableName);
  const ports = {
    rateLimiter: dynamoRateLimiter(db, tableName),
    scanLog: dynamoScanLog(db, tableName),
    documentHash,
    async holderByDocument(hash: string): Promise<string | undefined> {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.documentBinding(hash), ProjectionExpression: 'holderId' }));
      return typeof out.Item?.holderId === 'string' ? out.Item.holderId : undefined;
    },
    // Eventually consistent: half the read cost, and a colour is at most a second behind its write.
    readStatus: (holderId: string) => readHolderStatus(store, holderId, false),
    colourOfDocument: (hash: string, now: Date) => evaluateDocument(store, hash, now),
    holderRef: async (hash: string) => scanHolderRef((await secrets()).lookupKey, hash),
    feverTemperature: async () => (await loadActiveRuleset(store)).thresholds.feverTemperature,
    async claimPayload(payload: string, checkpointId: string, expiresAt: Date): Promise<boolean> {
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
        if (err instanceof ConditionalCheckFailedException || (err as { name?: string }).name === 'ConditionalCheckFailedException') return false;
        throw err;
      }
    },
    verifyCode,
    unsealHolderRef,
  } satisfies ManualCheckPorts & VerifyPorts;
  return ports;
}
