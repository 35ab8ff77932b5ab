import * as z from 'zod';
import { httpHandler, created } from '../../middleware';
import { dependentIdParam } from '../../../shared/api';
import { declare, resolveHolder, statusOf } from '../../core/resident';
import { idempotent } from '../../adapters/idempotency';
import { residentPorts } from '../../wiring/resident';

export const handler = httpHandler({ auth: 'resident', body: z.unknown(), path: dependentIdParam.partial() }, async ({ body, path, db, config, now, principal, idempotencyKey }) => {
  const ports = await residentPorts(db, config);
  const holderId = await resolveHolder(ports, principal, path.id);
  return created(await idempotent({ db, tableName: config.tableName }, `${principal.sub}:declare:${holderId}`, idempotencyKey, body, now, () => declare(ports, holderId, body, now), {
    replay: async () => ({ status: await statusOf(ports, holderId) }),
  }));
});
