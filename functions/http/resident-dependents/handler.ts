import { z } from 'zod';
import { httpHandler, created, ok } from '../../middleware';
import { dependentIdParam, emptyBody } from '../../../shared/api';
import { addDependent, completeDependentVerification, idempotent, listDependents, residentPorts, restartDependentVerification } from '../../core/resident';

export const add = httpHandler({ auth: 'resident', body: z.unknown() }, async ({ body, db, config, now, principal, idempotencyKey }) => {
  const ports = await residentPorts(db, config);
  return created(await idempotent(ports, `${principal.sub}:dependent`, idempotencyKey, body, now, () => addDependent(ports, principal.sub, body, now)));
});

export const list = httpHandler({ auth: 'resident' }, async ({ db, config, principal }) =>
  ok(await listDependents(await residentPorts(db, config), principal.sub)));

/** A new identity verification for a pending dependent. */
export const verify = httpHandler({ auth: 'resident', path: dependentIdParam, body: emptyBody }, async ({ path, db, config, now, principal }) =>
  created(await restartDependentVerification(await residentPorts(db, config), principal.sub, path.id, now)));

/** The verification's result: passed binds the dependent, anything else is a Chinese 422. */
export const complete = httpHandler({ auth: 'resident', path: dependentIdParam, body: emptyBody }, async ({ path, db, config, now, principal }) =>
  ok(await completeDependentVerification(await residentPorts(db, config), principal.sub, path.id, now)));
