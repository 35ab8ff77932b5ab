/**
 * Resident use cases, and the ports built from this deployment's adapters.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { secrets } from '../../adapters/secrets';
import { fieldCipher } from '../../adapters/field-cipher';
import { documentHashWithKey } from '../../adapters/document-hash';
import { alipayClient } from '../../adapters/alipay';
import { dynamoRateLimiter } from '../../adapters/rate-limit';
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

let cached: Promise<Omit<ResidentPorts, 'db' | 'tableName' | 'sandboxAllowed'>> | undefined;

/** The ports of a request: the table, the field cipher, the document hash and Alipay (when configured). */
export async function residentPorts(db: DynamoDBDocumentClient, config: Pick<RuntimeConfig, 'tableName' | 'sandboxAllowed'>): Promise<ResidentPorts> {
  cached ??= secrets().then((s) => {
    if (!s.fieldKey) throw new Error('no field key configured');
    return {
      cipher: fieldCipher(s.fieldKey),
      hashDocument: (type: string, number: string) => documentHashWithKey(s.lookupKey, type, number),
      alipay: s.alipay ? alipayClient(s.alipay) : undefined,
    };
  });
  cached.catch(() => { cached = undefined; });
  return {
    ...(await cached),
    db,
    tableName: config.tableName,
    sandboxAllowed: config.sandboxAllowed,
    // One token per attempt (no leases): the limit is exact, and attempts are rare.
    attempts: dynamoRateLimiter(db, config.tableName, { windowSeconds: ATTEMPT_WINDOW_SECONDS, maxLease: 1 }),
  };
}
