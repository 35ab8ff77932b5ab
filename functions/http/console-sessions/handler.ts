import { httpHandler, ok } from '../../middleware';
import { consoleSessionRequest } from '../../../shared/api/console';
import { signInOfficial } from '../../core/console/officials';
import { officialSignInPorts } from '../../wiring/sign-in';

export const handler = httpHandler({ auth: 'public', body: consoleSessionRequest, ports: officialSignInPorts }, async ({ body, now, clock, ports }) =>
  ok(await signInOfficial(await ports.forRequest(clock, body.provider), body, now)));
