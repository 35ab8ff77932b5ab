import * as z from 'zod';
import { httpHandler, created, ok } from '../../middleware';
import { dependentIdParam, emptyBody } from '../../../shared/api';
import { addDependent, completeDependentVerification, restartDependentVerification } from '../../core/resident';
import { residentAlipayPorts, residentAlipayWritePorts } from '../../wiring/resident-alipay';

// Adding and verifying a dependent start Alipay identity verification: these handlers take the ports with Alipay.
export const add = httpHandler({ auth: 'resident', body: z.unknown(), ports: residentAlipayWritePorts }, async ({ body, ports, now, principal, idempotencyKey }) =>
  created(await ports.idempotency.run(`${principal.sub}:dependent`, idempotencyKey, body, now, () => addDependent(ports, principal.sub, body, now))));

/** A new identity verification for a pending dependent. */
export const verify = httpHandler({ auth: 'resident', path: dependentIdParam, body: emptyBody, ports: residentAlipayPorts }, async ({ path, ports, now, principal }) =>
  created(await restartDependentVerification(ports, principal.sub, path.id, now)));

/** The verification's result: passed binds the dependent, anything else is a Chinese 422. */
export const complete = httpHandler({ auth: 'resident', path: dependentIdParam, body: emptyBody, ports: residentAlipayPorts }, async ({ path, ports, now, principal }) =>
  ok(await completeDependentVerification(ports, principal.sub, path.id, now)));
