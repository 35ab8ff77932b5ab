/**
 * Resident use cases, and the ports built from this deployment's adapters.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { secrets } from '../../adapters/secrets';
import { fieldCipher } from '../../adapters/field-cipher';
import { documentHashWithKey } from '../../adapters/document-hash';
import type { AlipayConfig, AlipayPort } from '../../adapters/alipay';
import { dynamoRateLimiter } from '../../adapters/rate-limit';
import { dynamoHolderStore } from '../../adapters/dynamodb/holder-store';
import type { RuntimeConfig } from '../../adapters/config';
import type { ResidentPorts } from './ports';

export * from './ports';
export * from './accounts';
export * from './holders';
export * from './dependents';
export * from './deletion';
export * from './idempotency';
export * from './input';
export * from './verification';

import { ATTEMPT_WINDOW_SECONDS } from './verification';

/**
 * Vendor adapters a handler passes in when its use case calls them (sign-in, phone): only those
 * functions' bundles then carry alipay-sdk and its HTTP stack; every other resident function stays small.
 */
export interface ResidentVendors {
  alipay?: (config: AlipayConfig) => AlipayPort;
}

type SecretPorts = Pick<ResidentPorts, 'cipher' | 'hashDocument'> & { alipayConfig?: AlipayConfig };

let cached: Promise<SecretPorts> | undefined;
let alipayMemo: { factory: NonNullable<ResidentVendors['alipay']>; port: AlipayPort } | undefined;

/** The ports of a request: the table, the field cipher, the document hash and, when passed and configured, Alipay. */
export async function residentPorts(
  db: DynamoDBDocumentClient,
  config: Pick<RuntimeConfig, 'tableName' | 'sandboxAllowed'>,
  vendors: ResidentVendors = {},
): Promise<ResidentPorts> {
  cached ??= secrets().then((s) => {
    if (!s.fieldKey) throw new Error('no field key configured');
    return {
      cipher: fieldCipher(s.fieldKey),
      hashDocument: (type: string, number: string) => documentHashWithKey(s.lookupKey, type, number),
      alipayConfig: s.alipay,
    };
  });
  cached.catch(() => { cached = undefined; });
  const { alipayConfig, ...base } = await cached;
  let alipay: AlipayPort | undefined;
  if (vendors.alipay && alipayConfig) {
    if (alipayMemo?.factory !== vendors.alipay) alipayMemo = { factory: vendors.alipay, port: vendors.alipay(alipayConfig) };
    alipay = alipayMemo.port;
  }
  return {
    ...dynamoHolderStore(db, config.tableName),
    ...base,
    alipay,
    db,
    tableName: config.tableName,
    sandboxAllowed: config.sandboxAllowed,
    // One token per attempt (no leases): the limit is exact, and attempts are rare.
    attempts: dynamoRateLimiter(db, config.tableName, { windowSeconds: ATTEMPT_WINDOW_SECONDS, maxLease: 1 }),
  };
}
