/** The inspector side's ports (see ./once.ts for the wiring's rules). */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unsealHolderRef, verifyCode } from '../adapters/code-keys';
import { config } from '../adapters/config';
import { documentHash } from '../adapters/document-hash';
import { documentClient } from '../adapters/dynamo';
import { isConditionFailed } from '../adapters/dynamodb/errors';
import { keys, ttlAfter } from '../adapters/keys';
import { logger } from '../adapters/logger';
import { dynamoOfflineScanIds } from '../adapters/offline-scan-ids';
import { dynamoRateLimiter } from '../adapters/rate-limit';
import { dynamoScanLog, scanHolderRef } from '../adapters/scan-log';
import { secrets } from '../adapters/secrets';
import { evaluateDocument, loadActiveRuleset, readHolderStatus } from '../core/holder-state';
import type { ManualCheckPorts } from '../core/inspector/manual-check';
import type { VerifyPorts } from '../core/inspector/verify';
import type { Log } from '../core/ports';
import { once } from './once';
import { holderStore, residentPorts, type ResidentRoutePorts } from './resident';

const log: Log = { info: (message, fields) => logger.info(message, fields ?? {}) };

/** The inspector side: rate limits, the scan log, code verification and the holder reads. */
export function inspectorPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName) {
  return once(db, `inspector:${tableName}`, () => {
    const store = holderStore(db, tableName);
    const ports = {
      rateLimiter: dynamoRateLimiter(db, tableName),
      scanLog: dynamoScanLog(db, tableName),
      log,
      documentHash,
      holderByDocument: async (hash: string): Promise<string | undefined> => {
        const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.documentBinding(hash), ProjectionExpression: 'holderId' }));
        return typeof out.Item?.holderId === 'string' ? out.Item.holderId : undefined;
      },
      // Eventually consistent: half the read cost, and a colour is at most a second behind its write.
      readStatus: (holderId: string) => readHolderStatus(store, holderId, false),
      colourOfDocument: (hash: string, now: Date) => evaluateDocument(store, hash, now),
      holderRef: async (hash: string) => scanHolderRef((await secrets()).lookupKey, hash),
      feverTemperature: async () => (await loadActiveRuleset(store)).thresholds.feverTemperature,
      claimPayload: async (payload: string, checkpointId: string, expiresAt: Date): Promise<boolean> => {
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
      },
      verifyCode,
      unsealHolderRef,
    } satisfies ManualCheckPorts & VerifyPorts & { log: Log };
    return ports;
  });
}

/** An inspector's own scans: the scan log alone. */
export function scanListPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName) {
  return once(db, `scan-list:${tableName}`, () => ({ scanLog: dynamoScanLog(db, tableName) }));
}

/** Offline scans: the inspector side and the claims of uploaded scan ids. */
export function offlineScanPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName) {
  return once(db, `offline-scans:${tableName}`, () => ({ ...inspectorPorts(db, tableName), ...dynamoOfflineScanIds(db, tableName) }));
}

/** A dependent confirmed at a service point: the resident side (the dependent) and the inspector side (limits, log). */
export async function dependentConfirmationPorts(): Promise<{ resident: ResidentRoutePorts; inspector: ReturnType<typeof inspectorPorts> }> {
  return { resident: await residentPorts(), inspector: inspectorPorts() };
}
