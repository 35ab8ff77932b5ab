import { httpHandler, ok } from '../../middleware';
import { dependentIdParam } from '../../../shared/api';
import { resolveHolder, statusOf } from '../../core/resident';
import { residentPorts } from '../../wiring/resident';

export const handler = httpHandler({ auth: 'resident', path: dependentIdParam.partial(), ports: residentPorts }, async ({ path, ports, principal }) =>
  ok(await statusOf(ports, await resolveHolder(ports, principal, path.id))));
