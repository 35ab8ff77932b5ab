import { httpHandler, noContent } from '../../middleware';
import { deleteAccount } from '../../core/resident';
import { residentPorts } from '../../wiring/resident';

export const handler = httpHandler({ auth: 'resident', ports: residentPorts }, async ({ ports, now, principal }) => {
  await deleteAccount(ports, principal.sub, now);
  return noContent();
});
