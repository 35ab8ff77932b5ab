import * as z from 'zod';
import { httpHandler, created } from '../../middleware';
import { alipayClient } from '../../adapters/alipay';
import { startSelfVerification } from '../../core/resident';
import { residentPorts } from '../../wiring/resident';

/** The body is checked in the use case, against a schema built for this request's time (birth dates). */
export const handler = httpHandler({ auth: 'resident', body: z.unknown() }, async ({ body, db, config, now, principal }) =>
  created(await startSelfVerification(await residentPorts(db, config, { alipay: alipayClient }), principal.sub, body, now)));
