import { httpHandler, noContent, ok } from '../../middleware';
import { dependentIdParam } from '../../../shared/api';
import { listDependents, removeDependent } from '../../core/resident';
import { residentPorts } from '../../wiring/resident';

/** Its own module: the list and the removal call no Alipay, so their bundle carries none (the add and verify handlers do). */
export const list = httpHandler({ auth: 'resident', ports: residentPorts }, async ({ ports, principal }) =>
  ok(await listDependents(ports, principal.sub)));

/** Removes a dependent of this account: its personal data and document binding go, its history stays. */
export const remove = httpHandler({ auth: 'resident', path: dependentIdParam, ports: residentPorts }, async ({ path, ports, now, principal }) => {
  await removeDependent(ports, principal.sub, path.id, now);
  return noContent();
});
