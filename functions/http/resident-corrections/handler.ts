import * as z from 'zod';
import { httpHandler, created, ok } from '../../middleware';
import { dependentIdParam } from '../../../shared/api';
import { resolveHolder } from '../../core/resident';
import { ConflictError } from '../../core/errors';
import { fileCorrection, listHolderCorrections } from '../../core/corrections';
import { residentCorrectionPorts } from '../../wiring/corrections';

export const file = httpHandler({ auth: 'resident', body: z.unknown(), path: dependentIdParam.partial(), ports: residentCorrectionPorts }, async ({ body, path, ports: { resident, corrections }, now, principal, idempotencyKey }) => {
  const holderId = await resolveHolder(resident, principal, path.id);
  return created(await resident.idempotency.run(`${principal.sub}:correction:${holderId}`, idempotencyKey, body, now, () => fileCorrection(corrections, holderId, body, now), {
    // The correction filed by the write that committed has that write's time.
    replay: async (committedAt) => {
      const correction = (await listHolderCorrections(corrections, holderId)).corrections.find((c) => c.filedAt === committedAt.toISOString());
      if (!correction) throw new ConflictError('该请求已经处理完成，请刷新查看结果');
      return { correction };
    },
  }));
});

export const list = httpHandler({ auth: 'resident', path: dependentIdParam.partial(), ports: residentCorrectionPorts }, async ({ path, ports: { resident, corrections }, principal }) =>
  ok(await listHolderCorrections(corrections, await resolveHolder(resident, principal, path.id))));
