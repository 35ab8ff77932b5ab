import { httpHandler, ok } from '../../middleware';
import { alipayClient } from '../../adapters/alipay';
import { issueSession } from '../../adapters/sessions';
import { residentSessionRequest } from '../../../shared/api';
import { signIn } from '../../core/resident';
import { residentPorts } from '../../wiring/resident';

export const handler = httpHandler({ auth: 'public', body: residentSessionRequest }, async ({ body, db, config, now }) => {
  const account = await signIn(await residentPorts(db, config, { alipay: alipayClient }), body, now);
  const session = await issueSession({ sub: account.accountId, role: 'resident', certified: account.certified }, now);
  return ok({ ...session, registered: account.registered, ...(account.certifiedIdentity ? { certifiedIdentity: account.certifiedIdentity } : {}) });
});
