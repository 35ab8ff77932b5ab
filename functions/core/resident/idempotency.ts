/**
 * Idempotency of retried writes (`Idempotency-Key`): a small record under `keys.idempotency`.
 *
 * 1. claim the key with a conditional put (`in-progress`, with a hash of the request);
 * 2. run the operation; store its answer on the record (TTL 24 h), or release the claim on an error;
 * 3. a retry with the same key and body gets the stored answer; a different body under the same key,
 *    or a retry while the first is still running, is 409.
 */
import { createHash } from 'node:crypto';
import { ConflictError, ValidationError } from '../errors';
import { canonicalJson } from '../canonical-json';
import type { ResidentStore } from './ports';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export async function idempotent<T>(ports: { residents: ResidentStore }, scope: string, key: string | undefined, request: unknown, now: Date, run: () => Promise<T>): Promise<T> {
  if (key === undefined) return run();
  if (!/^[A-Za-z0-9_.:-]{8,128}$/.test(key)) throw new ValidationError('Idempotency-Key 格式不正确（8–128 个字母、数字或 _.:-）');
  const store = ports.residents;
  const requestHash = createHash('sha256').update(canonicalJson(request ?? null)).digest('hex');
  const record = await store.claimIdempotencyKey(scope, key, requestHash, now);
  if (record) {
    if (record.requestHash !== requestHash) throw new ConflictError('同一个 Idempotency-Key 不能用于不同的请求');
    if (record.state !== 'done') throw new ConflictError('请求正在处理，请稍后再试');
    return record.response as T;
  }
  let response: T;
  try {
    response = await run();
  } catch (err) {
    await store.releaseIdempotencyKey(scope, key);
    throw err;
  }
  await store.completeIdempotencyKey(scope, key, response);
  return response;
}
