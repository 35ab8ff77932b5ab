/** The inspector side's ports (see ./once.ts for the wiring's rules). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unsealHolderRef, verifyCode } from '../adapters/code-keys';
import { config } from '../adapters/config';
import { documentHash } from '../adapters/document-hash';
import { documentClient } from '../adapters/dynamo';
import { documentHolder, payloadGate } from '../adapters/dynamodb/lookups';
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
import { holderStore } from './holders';

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
      holderByDocument: documentHolder(db, tableName, { consistent: false }),
      // Eventually consistent: half the read cost, and a colour is at most a second behind its write.
      readStatus: (holderId: string) => readHolderStatus(store, holderId, false),
      colourOfDocument: (hash: string, now: Date) => evaluateDocument(store, hash, now),
      holderRef: async (hash: string) => scanHolderRef((await secrets()).lookupKey, hash),
      feverTemperature: async () => (await loadActiveRuleset(store)).thresholds.feverTemperature,
      claimPayload: payloadGate(db, tableName),
      verifyCode,
      unsealHolderRef,
    } satisfies ManualCheckPorts & VerifyPorts & { log: Log };
    return ports;
  });
}

/** Offline scans: the inspector side and the claims of uploaded scan ids. */
export function offlineScanPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName) {
  return once(db, `offline-scans:${tableName}`, () => ({ ...inspectorPorts(db, tableName), ...dynamoOfflineScanIds(db, tableName) }));
}
