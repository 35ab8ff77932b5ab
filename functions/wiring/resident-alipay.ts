/**
 * The resident side with Alipay (sign-in, phone, identity verification, dependents): its own file, so
 * that only the handlers that import it bundle alipay-sdk (tests/deploy/template.test.ts).
 */
import { alipayClient } from '../adapters/alipay';
import { residentPorts, type ResidentRoutePorts } from './resident';

export function residentAlipayPorts(): Promise<ResidentRoutePorts> {
  return residentPorts({ alipay: alipayClient });
}
