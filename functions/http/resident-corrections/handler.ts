import { z } from 'zod';
import { httpHandler, created, ok } from '../../middleware';
import { dependentIdParam } from '../../../shared/api';
import { idempotent, resolveHolder } from '../../core/resident';
import { correctionPorts } from '../../wiring/corrections';
import { residentPorts } from '../../wiring/resident';
import { fileCorrection, listHolderCorrections } from '../../core/corrections';

export const file = httpHandler({ auth: 'resident', body: z.unknown(), path: dependentIdParam.partial() }, async ({ body, path, db, config, now, principal, idempotencyKey }) => {
  const ports = await residentPorts(db, config);
  const holderId = await resolveHolder(ports, principal, path.id);
  return created(await idempotent(ports, `${principal.sub}:correction:${holderId}`, idempotencyKey, body, now, () => fileCorrection(correctionPorts(db, config.tableName), holderId, body, now)));
});

export const list = httpHandler({ auth: 'resident', path: dependentIdParam.partial() }, async ({ path, db, config, principal }) => {
  const ports = await residentPorts(db, config);
  return ok(await listHolderCorrections(correctionPorts(db, config.tableName), await resolveHolder(ports, principal, path.id)));
});
