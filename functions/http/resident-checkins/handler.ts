import { httpHandler, created } from '../../middleware';
import { checkinRequest, dependentIdParam } from '../../../shared/api';
import { checkIn, idempotent, resolveHolder } from '../../core/resident';
import { residentPorts } from '../../wiring/resident';

export const handler = httpHandler({ auth: 'resident', body: checkinRequest, path: dependentIdParam.partial() }, async ({ body, path, db, config, now, principal, idempotencyKey }) => {
  const ports = await residentPorts(db, config);
  const holderId = await resolveHolder(ports, principal, path.id);
  return created(await idempotent(ports, `${principal.sub}:checkin:${holderId}`, idempotencyKey, body, now, () => checkIn(ports, holderId, body, now)));
});
