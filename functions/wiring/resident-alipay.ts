/**
 * The resident side with Alipay (sign-in, phone, identity verification, dependents): its own file, so
 * that only the handlers that import it bundle alipay-sdk (tests/deploy/template.test.ts).
 */
import { alipayClient } from '../adapters/alipay';
import type { ResidentPorts } from '../core/resident';
import type { Idempotency } from '../core/ports';
import { withIdempotency } from './idempotency';
import { residentPorts } from './resident';

export function residentAlipayPorts(): Promise<ResidentPorts> {
  return residentPorts({ alipay: alipayClient });
}

/** With the `Idempotency-Key` gate (adding a dependent). */
export async function residentAlipayWritePorts(): Promise<ResidentPorts & { idempotency: Idempotency }> {
  return withIdempotency(await residentAlipayPorts());
}
