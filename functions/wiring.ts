/**
 * The one wiring module: every area's ports, built from this deployment's adapters, for HTTP
 * handlers, jobs and scripts alike. Ports are built once per Lambda instance (per table) and reused;
 * building them does no I/O, secrets are loaded on first use and kept.
 */
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock } from './adapters/clock';
import { unsealHolderRef, verifyCode } from './adapters/code-keys';
import { dynamoProposalStore } from './adapters/console-store';
import { documentHash, documentHashWithKey } from './adapters/document-hash';
import { dynamoAuthorityStore } from './adapters/dynamodb/authority-store';
import { isConditionFailed } from './adapters/dynamodb/errors';
import { dynamoHolderStore } from './adapters/dynamodb/holder-store';
import { dynamoResidentStore } from './adapters/dynamodb/resident-store';
import { dynamoCorrectionStore } from './adapters/dynamodb/correction-store';
import { residentSandbox } from './adapters/sandbox';
import { fieldCipher } from './adapters/field-cipher';
import { keys, ttlAfter } from './adapters/keys';
import { logger } from './adapters/logger';
import { workQueue } from './adapters/queue';
import { dynamoRateLimiter } from './adapters/rate-limit';
import { dynamoScanLog, scanHolderRef } from './adapters/scan-log';
import { secrets, type Secrets } from './adapters/secrets';
import type { AlipayConfig } from './adapters/alipay';
import type { RuntimeConfig } from './adapters/config';
import { evaluateDocument, loadActiveRuleset, previewHolderColour, readHolderStatus, reevaluateHolder, type HolderStore } from './core/holder-state';
import { processWork } from './core/authority/process';
import { submitFeed } from './core/authority/feeds';
import type { AuthorityStore } from './core/authority/ports';
import type { CorrectionStore } from './core/corrections';
import type { AuthorityPorts, WorkMessage } from './core/authority/work';
import type { ProposalPorts } from './core/console/feed-proposals';
import type { ManualCheckPorts } from './core/inspector/manual-check';
import type { VerifyPorts } from './core/inspector/verify';
import type { AlipayPort, Log } from './core/ports';
import { ATTEMPT_WINDOW_SECONDS, type ResidentPorts, type ResidentStore } from './core/resident';

const built = new WeakMap<DynamoDBDocumentClient, Map<string, unknown>>();

/** The value `build` makes for this client and key, made once per Lambda instance. */
function once<T>(db: DynamoDBDocumentClient, key: string, build: () => T): T {
  let byKey = built.get(db);
  if (!byKey) built.set(db, (byKey = new Map()));
  if (!byKey.has(key)) byKey.set(key, build());
  return byKey.get(key) as T;
}

/** The holder store and the authority's store on one table. */
export function tableStores(db: DynamoDBDocumentClient, tableName: string): HolderStore & AuthorityStore {
  return once(db, `stores:${tableName}`, () => ({ ...dynamoHolderStore(db, tableName), ...dynamoAuthorityStore(db, tableName) }));
}

/** The resident's and the holder's items without the secrets: enough to find a holder and read its status (the code route). */
export function residentStores(db: DynamoDBDocumentClient, tableName: string): HolderStore & { residents: ResidentStore } {
  return once(db, `resident-stores:${tableName}`, () => ({ ...tableStores(db, tableName), residents: dynamoResidentStore(db, tableName) }));
}

/** Corrections (纠错), filed by residents and decided by the authority, over the holder store. */
export function correctionPorts(db: DynamoDBDocumentClient, tableName: string): CorrectionStore {
  return once(db, `corrections:${tableName}`, () => dynamoCorrectionStore(db, tableName, tableStores(db, tableName)));
}

/**
 * The authority side: the stores, the work queue (SQS on AWS, the inline stand-in locally),
 * holder-state's re-evaluation and the document hash. `worker: true` for the SQS consumer, whose
 * messages may arrive late and are processed at the later of their time and the system clock.
 */
export function authorityPorts(db: DynamoDBDocumentClient, tableName: string, options: { worker?: boolean; env?: NodeJS.ProcessEnv } = {}): AuthorityPorts {
  const build = (): AuthorityPorts => {
    const store = tableStores(db, tableName);
    const ports: AuthorityPorts = {
      store,
      queue: workQueue<WorkMessage>(async (message) => {
        await processWork(ports, message);
      }, options.env),
      reevaluate: (holderId, cause, now) => reevaluateHolder(store, holderId, cause, now),
      documentHash,
      ...(options.worker ? { clock: systemClock } : {}),
    };
    return ports;
  };
  // A caller's own environment (tests) gets its own ports; the deployment's are built once.
  return options.env ? build() : once(db, `authority:${tableName}:${options.worker ? 'worker' : 'request'}`, build);
}

const log: Log = { info: (message, fields) => logger.info(message, fields ?? {}) };

/** The inspector side: rate limits, the scan log, code verification and the holder reads. */
export function inspectorPorts(db: DynamoDBDocumentClient, tableName: string) {
  return once(db, `inspector:${tableName}`, () => {
    const store = tableStores(db, tableName);
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

/** A checkpoint's counts of a day: the scan log's hourly counters and whether the checkpoint exists. */
export function checkpointStatsPorts(db: DynamoDBDocumentClient, tableName: string) {
  return once(db, `checkpoint-stats:${tableName}`, () => ({
    scanLog: dynamoScanLog(db, tableName),
    checkpointExists: async (id: string) =>
      Boolean((await db.send(new GetCommand({ TableName: tableName, Key: keys.checkpoint(id), ProjectionExpression: 'PK' }))).Item),
  }));
}

/**
 * Vendor adapters a handler passes in when its use case calls them (sign-in, phone): only those
 * functions' bundles then carry alipay-sdk and its HTTP stack; every other resident function stays small.
 */
export interface ResidentVendors {
  alipay?: (config: AlipayConfig) => AlipayPort;
}

/** The resident side from explicit secrets (scripts seed with the stack's own). */
export function residentPortsWith(
  db: DynamoDBDocumentClient,
  tableName: string,
  keysOf: Pick<Secrets, 'fieldKey' | 'lookupKey'>,
  options: { sandboxAllowed: boolean; alipay?: AlipayPort; countAttempts?: boolean },
): ResidentPorts {
  if (!keysOf.fieldKey) throw new Error('no field key configured');
  const lookupKey = keysOf.lookupKey;
  return {
    ...tableStores(db, tableName),
    residents: residentStores(db, tableName).residents,
    sandbox: async () => {
      const provider = await residentSandbox(options.sandboxAllowed);
      if (!provider) return undefined;
      const table = { db, tableName };
      return { identify: provider.identify, verifier: provider.verifier(table), completeCertify: (...args) => provider.completeCertify(table, ...args) };
    },
    cipher: fieldCipher(keysOf.fieldKey),
    hashDocument: (type: string, number: string) => documentHashWithKey(lookupKey, type, number),
    alipay: options.alipay,
    // One token per attempt (no leases): the limit is exact, and attempts are rare. Seeding counts none.
    ...(options.countAttempts === false ? {} : { attempts: dynamoRateLimiter(db, tableName, { windowSeconds: ATTEMPT_WINDOW_SECONDS, maxLease: 1 }) }),
  };
}

let alipayMemo: { factory: NonNullable<ResidentVendors['alipay']>; port: AlipayPort } | undefined;

/** The resident side of this deployment: the table, the field cipher, the document hash and, when passed and configured, Alipay. */
export async function residentPorts(
  db: DynamoDBDocumentClient,
  config: Pick<RuntimeConfig, 'tableName' | 'sandboxAllowed'>,
  vendors: ResidentVendors = {},
): Promise<ResidentPorts> {
  const s = await secrets();
  let alipay: AlipayPort | undefined;
  if (vendors.alipay && s.alipay) {
    if (alipayMemo?.factory !== vendors.alipay) alipayMemo = { factory: vendors.alipay, port: vendors.alipay(s.alipay) };
    alipay = alipayMemo.port;
  }
  return once(db, `resident:${config.tableName}:${config.sandboxAllowed}:${alipay ? 'alipay' : '-'}`, () =>
    residentPortsWith(db, config.tableName, s, { sandboxAllowed: config.sandboxAllowed, alipay }));
}

const SEALED_FIELD = 'proposalRecords';

/** The console's feed proposals: the proposal store, the field cipher, the preview and the authority's feed. */
export async function consolePorts(db: DynamoDBDocumentClient, tableName: string): Promise<ProposalPorts> {
  const s = await secrets();
  return once(db, `console:${tableName}`, () => {
    if (!s.fieldKey) throw new Error('no field key configured');
    const cipher = fieldCipher(s.fieldKey);
    const store = tableStores(db, tableName);
    return {
      store: dynamoProposalStore(db, tableName),
      seal: (text) => cipher.encrypt(SEALED_FIELD, text),
      open: (sealed) => cipher.decrypt(SEALED_FIELD, sealed),
      documentHash,
      holdersByDocumentHash: (hashes) => store.holdersByDocumentHash(hashes),
      previewColour: (holderId, extra, now) => previewHolderColour(store, holderId, extra, now),
      submitFeed: (request, principal, now) => submitFeed(authorityPorts(db, tableName), request, principal, now),
    } satisfies ProposalPorts;
  });
}
