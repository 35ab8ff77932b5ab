import { httpHandler, ok } from '../../middleware';
import { verificationRequest } from '../../../shared/api/inspector';
import { verifyScan, type VerifyPorts } from '../../core/inspector/verify';
import { inspectorPorts } from '../../wiring/inspector';

/** The route over any ports; tests swap single ports for fakes built on the port interfaces. */
export function verifyHandler(ports: () => VerifyPorts) {
  return httpHandler({ auth: 'inspector', body: verificationRequest, maxBodyBytes: 8 * 1024, ports }, async ({ body, now, principal, ports }) =>
    ok(await verifyScan(ports, { id: principal.sub, checkpoints: principal.checkpoints }, body, now)),
  );
}

export const handler = verifyHandler(inspectorPorts);
