import * as z from 'zod';
import { httpHandler, created, ok } from '../../middleware';
import { alipayClient } from '../../adapters/alipay';
import { dependentIdParam, emptyBody } from '../../../shared/api';
import { addDependent, completeDependentVerification, restartDependentVerification } from '../../core/resident';
import { idempotent } from '../../adapters/idempotency';
import { residentPorts } from '../../wiring/resident';

// Adding and verifying a dependent start Alipay identity verification: these handlers pass Alipay in.
export const add = httpHandler({ auth: 'resident', body: z.unknown() }, async ({ body, db, config, now, principal, idempotencyKey }) => {
  const ports = await residentPorts(db, config, { alipay: alipayClient });
  return created(await idempotent({ db, tableName: config.tableName }, `${principal.sub}:dependent`, idempotencyKey, body, now, () => addDependent(ports, principal.sub, body, now)));
});

/** A new identity verification for a pending dependent. */
export const verify = httpHandler({ auth: 'resident', path: dependentIdParam, body: emptyBody }, async ({ path, db, config, now, principal }) =>
  created(await restartDependentVerification(await residentPorts(db, config, { alipay: alipayClient }), principal.sub, path.id, now)));

/** The verification's result: passed binds the dependent, anything else is a Chinese 422. */
export const complete = httpHandler({ auth: 'resident', path: dependentIdParam, body: emptyBody }, async ({ path, db, config, now, principal }) =>
  ok(await completeDependentVerification(await residentPorts(db, config, { alipay: alipayClient }), principal.sub, path.id, now)));
