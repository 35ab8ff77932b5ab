import { httpHandler, noContent } from '../../middleware';
import { certifyIdParam, sandboxCertifyRequest } from '../../../shared/api';
import { completeSandboxCertify } from '../../core/resident';
import { residentPorts } from '../../wiring/resident';

/** The sandbox's face step (local and review only; 403 elsewhere). */
export const handler = httpHandler({ auth: 'resident', path: certifyIdParam, body: sandboxCertifyRequest, ports: residentPorts }, async ({ path, body, ports, now, principal }) => {
  await completeSandboxCertify(ports, principal.sub, path.certifyId, body.outcome, now);
  return noContent();
});
