import { httpHandler, ok } from '../../middleware';
import { inspectorSessionRequest } from '../../../shared/api/inspector';
import { signInInspector } from '../../core/inspector/sign-in';
import { inspectorSignInPorts } from '../../wiring/sign-in';

export const handler = httpHandler({ auth: 'public', body: inspectorSessionRequest, ports: inspectorSignInPorts }, async ({ body, now, clock, ports }) =>
  ok(await signInInspector(await ports.forRequest(clock, body.provider), body, now)));
