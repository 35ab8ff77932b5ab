import { httpHandler, noContent } from '../../middleware';
import { deleteAccount } from '../../core/resident';
import { residentPorts } from '../../wiring/resident';

export const handler = httpHandler({ auth: 'resident' }, async ({ db, config, now, principal }) => {
  await deleteAccount(await residentPorts(db, config), principal.sub, now);
  return noContent();
});
