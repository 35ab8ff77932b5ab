import { httpHandler, ok } from '../../middleware';
import { personLookupRequest } from '../../../shared/api/console';
import { lookUpPerson } from '../../core/console/person-lookup';
import { personLookupPorts } from '../../wiring/console';
import { official } from '../official';

// A read with personal consequences: every call is logged with the official and the reason.
export const lookup = httpHandler({ auth: 'official', officialRole: 'viewer', body: personLookupRequest, ports: personLookupPorts }, async (ctx) =>
  ok(await lookUpPerson(ctx.ports, ctx.body, official(ctx.principal), ctx.now)),
);
