/** The resident side's ports (see ./once.ts for the wiring's rules). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlipayConfig } from '../adapters/alipay';
import { config, type RuntimeConfig } from '../adapters/config';
import { documentHashWithKey } from '../adapters/document-hash';
import { documentClient } from '../adapters/dynamo';
import { dynamoResidentStore } from '../adapters/dynamodb/resident-store';
import { fieldCipher } from '../adapters/field-cipher';
import { dynamoRateLimiter } from '../adapters/rate-limit';
import { residentSandbox } from '../adapters/sandbox';
import { secrets, type Secrets } from '../adapters/secrets';
import type { HolderStore } from '../core/holder-state';
import type { AlipayPort } from '../core/ports';
import { ATTEMPT_WINDOW_SECONDS, type ResidentPorts, type ResidentStore } from '../core/resident';
import { holderStore } from './holders';
import { inspectorPorts } from './inspector';
import { once } from './once';

/** The resident's and the holder's items without the secrets: enough to find a holder and read its status (the code route). */
export function residentStores(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): HolderStore & { residents: ResidentStore } {
  return once(db, `resident-stores:${tableName}`, () => ({ ...holderStore(db, tableName), residents: dynamoResidentStore(db, tableName) }));
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
    ...holderStore(db, tableName),
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

/**
 * The resident side of this deployment: the table, the field cipher, the document hash and, when
 * passed and configured, Alipay (./resident-alipay.ts passes it). Retried writes add ./idempotency.ts.
 */
export async function residentPorts(
  vendors: ResidentVendors = {},
  db: DynamoDBDocumentClient = documentClient(),
  cfg: Pick<RuntimeConfig, 'tableName' | 'sandboxAllowed'> = config(),
): Promise<ResidentPorts> {
  const s = await secrets();
  let alipay: AlipayPort | undefined;
  if (vendors.alipay && s.alipay) {
    if (alipayMemo?.factory !== vendors.alipay) alipayMemo = { factory: vendors.alipay, port: vendors.alipay(s.alipay) };
    alipay = alipayMemo.port;
  }
  return once(db, `resident:${cfg.tableName}:${cfg.sandboxAllowed}:${alipay ? 'alipay' : '-'}`, () =>
    residentPortsWith(db, cfg.tableName, s, { sandboxAllowed: cfg.sandboxAllowed, alipay }));
}

/** A dependent confirmed at a service point: the resident side (the dependent) and the inspector side (limits, log). */
export async function dependentConfirmationPorts(): Promise<{ resident: ResidentPorts; inspector: ReturnType<typeof inspectorPorts> }> {
  return { resident: await residentPorts(), inspector: inspectorPorts() };
}
