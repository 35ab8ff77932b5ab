import { httpHandler, ok } from '../../middleware';
import { issueSession } from '../../adapters/sessions';
import { residentSessionRequest } from '../../../shared/api';
import { signIn } from '../../core/resident';
import { residentAlipayPorts } from '../../wiring/resident-alipay';

export const handler = httpHandler({ auth: 'public', body: residentSessionRequest, ports: residentAlipayPorts }, async ({ body, ports, now }) => {
  const account = await signIn(ports, body, now);
  const session = await issueSession({ sub: account.accountId, role: 'resident', certified: account.certified }, now);
  return ok({ ...session, registered: account.registered, ...(account.certifiedIdentity ? { certifiedIdentity: account.certifiedIdentity } : {}) });
});
