import * as z from 'zod';
import { httpHandler, created, ok } from '../../middleware';
import { dependentIdParam } from '../../../shared/api';
import { resolveHolder } from '../../core/resident';
import { idempotent } from '../../adapters/idempotency';
import { ConflictError } from '../../core/errors';
import { fileCorrection, listHolderCorrections } from '../../core/corrections';
import { correctionPorts } from '../../wiring/corrections';
import { residentPorts } from '../../wiring/resident';

export const file = httpHandler({ auth: 'resident', body: z.unknown(), path: dependentIdParam.partial() }, async ({ body, path, db, config, now, principal, idempotencyKey }) => {
  const ports = await residentPorts(db, config);
  const holderId = await resolveHolder(ports, principal, path.id);
  const corrections = correctionPorts(db, config.tableName);
  return created(await idempotent({ db, tableName: config.tableName }, `${principal.sub}:correction:${holderId}`, idempotencyKey, body, now, () => fileCorrection(corrections, holderId, body, now), {
    // The correction filed by the write that committed has that write's time.
    replay: async (committedAt) => {
      const correction = (await listHolderCorrections(corrections, holderId)).corrections.find((c) => c.filedAt === committedAt.toISOString());
      if (!correction) throw new ConflictError('该请求已经处理完成，请刷新查看结果');
      return { correction };
    },
  }));
});

export const list = httpHandler({ auth: 'resident', path: dependentIdParam.partial() }, async ({ path, db, config, principal }) => {
  const ports = await residentPorts(db, config);
  return ok(await listHolderCorrections(correctionPorts(db, config.tableName), await resolveHolder(ports, principal, path.id)));
});
