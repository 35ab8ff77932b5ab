import { httpHandler, ok } from '../../middleware';
import { signCode } from '../../adapters/code-keys';
import { dependentIdParam } from '../../../shared/api';
import { codeFor, resolveHolder } from '../../core/resident';
import { dynamoHolderStore } from '../../adapters/dynamodb/holder-store';

/** Own code: one GetItem, one signature, one SVG. A dependent's adds the ownership check. */
export const handler = httpHandler({ auth: 'resident', path: dependentIdParam.partial() }, async ({ path, db, config, now, principal }) => {
  const store = { db, tableName: config.tableName, ...dynamoHolderStore(db, config.tableName) };
  const holderId = await resolveHolder(store, principal, path.id);
  return ok(await codeFor(store, signCode, holderId, now));
});
