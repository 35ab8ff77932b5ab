/**
 * The `Idempotency-Key` gate of retried writes (see ./once.ts for the wiring's rules): its own file,
 * so that only the routes that take `Idempotency-Key` bundle it.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../adapters/config';
import { documentClient } from '../adapters/dynamo';
import { tableIdempotency } from '../adapters/idempotency';
import type { Idempotency } from '../core/ports';
import type { ResidentPorts } from '../core/resident';
import { once } from './once';
import { residentPorts } from './resident';

export function idempotency(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): Idempotency {
  return once(db, `idempotency:${tableName}`, () => tableIdempotency(db, tableName));
}

let gatedMemo: WeakMap<object, object> | undefined;

/** An area's ports with the gate added: made once per ports object, so once per Lambda instance. */
export function withIdempotency<P extends object>(ports: P): P & { idempotency: Idempotency } {
  const gated = (gatedMemo ??= new WeakMap());
  let out = gated.get(ports) as (P & { idempotency: Idempotency }) | undefined;
  if (!out) gated.set(ports, (out = { ...ports, idempotency: idempotency() }));
  return out;
}

/** The resident side of the routes that take `Idempotency-Key` (check-ins, declarations, corrections). */
export async function residentWritePorts(): Promise<ResidentPorts & { idempotency: Idempotency }> {
  return withIdempotency(await residentPorts());
}
