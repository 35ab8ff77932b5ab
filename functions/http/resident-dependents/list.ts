import { httpHandler, noContent, ok } from '../../middleware';
import { dependentIdParam } from '../../../shared/api';
import { listDependents, removeDependent } from '../../core/resident';
import { residentPorts } from '../../wiring/resident';

/** Its own module: the list and the removal call no Alipay, so their bundle carries none (the add and verify handlers do). */
export const list = httpHandler({ auth: 'resident' }, async ({ db, config, principal }) =>
  ok(await listDependents(await residentPorts(db, config), principal.sub)));

/** Removes a dependent of this account: its personal data and document binding go, its history stays. */
export const remove = httpHandler({ auth: 'resident', path: dependentIdParam }, async ({ path, db, config, now, principal }) => {
  await removeDependent(await residentPorts(db, config), principal.sub, path.id, now);
  return noContent();
});
