import * as z from 'zod';
import { httpHandler, created } from '../../middleware';
import { dependentIdParam } from '../../../shared/api';
import { declare, resolveHolder, statusOf } from '../../core/resident';
import { residentWritePorts } from '../../wiring/idempotency';

export const handler = httpHandler({ auth: 'resident', body: z.unknown(), path: dependentIdParam.partial(), ports: residentWritePorts }, async ({ body, path, ports, now, principal, idempotencyKey }) => {
  const holderId = await resolveHolder(ports, principal, path.id);
  return created(await ports.idempotency.run(`${principal.sub}:declare:${holderId}`, idempotencyKey, body, now, () => declare(ports, holderId, body, now), {
    replay: async () => ({ status: await statusOf(ports, holderId) }),
  }));
});
