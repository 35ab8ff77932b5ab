import * as z from 'zod';
import { httpHandler, created } from '../../middleware';
import { alipayClient } from '../../adapters/alipay';
import { registerProfile } from '../../core/resident';
import { residentPorts } from '../../wiring/resident';

/** The body is checked in the use case, against a schema built for this request's time (birth dates). */
export const handler = httpHandler({ auth: 'resident', body: z.unknown() }, async ({ body, db, config, now, principal }) =>
  created({ profile: await registerProfile(await residentPorts(db, config, { alipay: alipayClient }), principal.sub, principal.certified, body, now) }));
