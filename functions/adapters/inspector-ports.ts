/**
 * The real adapters behind the inspector use cases, built once per request from the handler's
 * DynamoDB client (cheap: no I/O until a port is called). Handlers stay parse → use case → respond.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { evaluateDocument, loadActiveRuleset, readHolderStatus } from '../core/holder-state';
import type { ManualCheckPorts } from '../core/inspector/manual-check';
import type { VerifyPorts } from '../core/inspector/verify';
import { unsealHolderRef, verifyCode } from './code-keys';
import { documentHash } from './document-hash';
import { keys } from './keys';
import { dynamoRateLimiter } from './rate-limit';
import { dynamoScanLog, scanHolderRef } from './scan-log';
import { secrets } from './secrets';

export function inspectorPorts(db: DynamoDBDocumentClient, tableName: string) {
  const store = { db, tableName };
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
    verifyCode,
    unsealHolderRef,
  } satisfies ManualCheckPorts & VerifyPorts;
  return ports;
}
