import { httpHandler, ok } from '../../middleware';
import { signCode } from '../../adapters/code-keys';
import { dependentIdParam } from '../../../shared/api';
import { codeFor, resolveHolder } from '../../core/resident';
import { residentStores } from '../../wiring/resident';

/** Own code: one GetItem, one signature, one SVG. A dependent's adds the ownership check. */
export const handler = httpHandler({ auth: 'resident', path: dependentIdParam.partial(), ports: residentStores }, async ({ path, ports, now, principal }) => {
  const holderId = await resolveHolder(ports, principal, path.id);
  return ok(await codeFor(ports, signCode, holderId, now));
});
