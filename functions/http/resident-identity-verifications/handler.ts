import * as z from 'zod';
import { httpHandler, created } from '../../middleware';
import { startSelfVerification } from '../../core/resident';
import { residentAlipayPorts } from '../../wiring/resident-alipay';

/** The body is checked in the use case, against a schema built for this request's time (birth dates). */
export const handler = httpHandler({ auth: 'resident', body: z.unknown(), ports: residentAlipayPorts }, async ({ body, ports, now, principal }) =>
  created(await startSelfVerification(ports, principal.sub, body, now)));
