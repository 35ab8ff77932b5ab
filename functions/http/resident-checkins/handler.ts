import { httpHandler, created } from '../../middleware';
import { checkinRequest, dependentIdParam } from '../../../shared/api';
import { checkIn, resolveHolder } from '../../core/resident';
import { readHolderStatus } from '../../core/holder-state';
import { toResidentStatus } from '../../core/resident/holders';
import { residentWritePorts } from '../../wiring/idempotency';
import { shanghaiDay } from '../../../shared/time';

export const handler = httpHandler({ auth: 'resident', body: checkinRequest, path: dependentIdParam.partial(), ports: residentWritePorts }, async ({ body, path, ports, now, principal, idempotencyKey }) => {
  const holderId = await resolveHolder(ports, principal, path.id);
  return created(await ports.idempotency.run(`${principal.sub}:checkin:${holderId}`, idempotencyKey, body, now, () => checkIn(ports, holderId, body, now), {
    replay: async (committedAt) => {
      const status = (await readHolderStatus(ports, holderId))!;
      return { day: shanghaiDay(committedAt), streak: status.streak, status: toResidentStatus(status) };
    },
  }));
});
