import { httpHandler, ok } from '../../middleware';
import { listDependents } from '../../core/resident';
import { residentPorts } from '../../wiring/resident';

/** Its own module: the list calls no Alipay, so its bundle carries none (the add and verify handlers do). */
export const list = httpHandler({ auth: 'resident' }, async ({ db, config, principal }) =>
  ok(await listDependents(await residentPorts(db, config), principal.sub)));
