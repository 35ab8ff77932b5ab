import { z } from 'zod';
import { httpHandler, created, ok } from '../../middleware';
import { addDependent, idempotent, listDependents, residentPorts } from '../../core/resident';

export const add = httpHandler({ auth: 'resident', body: z.unknown() }, async ({ body, db, config, now, principal, idempotencyKey }) => {
  const ports = await residentPorts(db, config);
  return created(await idempotent(ports, `${principal.sub}:dependent`, idempotencyKey, body, now, () => addDependent(ports, principal.sub, body, now)));
});

export const list = httpHandler({ auth: 'resident' }, async ({ db, config, principal }) =>
  ok(await listDependents(await residentPorts(db, config), principal.sub)));
