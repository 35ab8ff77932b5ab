import { httpHandler, ok } from '../../middleware';
import { signCode } from '../../adapters/code-keys';
import { dependentIdParam } from '../../../shared/api';
import { codeFor, resolveHolder } from '../../core/resident';
import { residentStores } from '../../wiring/resident';

/** Own code: one GetItem, one signature, one SVG. A dependent's adds the ownership check. */
export const handler = httpHandler({ auth: 'resident', path: dependentIdParam.partial() }, async ({ path, db, config, now, principal }) => {
  const store = residentStores(db, config.tableName);
  const holderId = await resolveHolder(store, principal, path.id);
  return ok(await codeFor(store, signCode, holderId, now));
});
