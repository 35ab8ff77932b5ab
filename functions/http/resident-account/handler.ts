import { httpHandler, noContent } from '../../middleware';
import { deleteAccount, residentPorts } from '../../core/resident';

export const handler = httpHandler({ auth: 'resident' }, async ({ db, config, principal }) => {
  await deleteAccount(await residentPorts(db, config), principal.sub);
  return noContent();
});
