import { httpHandler, ok } from '../../middleware';
import { riskAreasRequest } from '../../../shared/api/authority';
import { publishRiskAreas } from '../../core/authority/risk-areas';
import { authorityPorts } from '../../wiring/authority';

export const handler = httpHandler({ auth: 'authority', body: riskAreasRequest, maxBodyBytes: 1024 * 1024, ports: authorityPorts }, async (ctx) =>
  ok(await publishRiskAreas(ctx.ports, ctx.body, ctx.principal.principal ?? ctx.principal.sub, ctx.now)),
);
