import { httpHandler, ok } from '../../middleware';
import { verifyChainRequest } from '../../../shared/api/audit';
import { verifyResidentChain } from '../../core/authority/audit';
import { authorityPorts } from '../../wiring/authority';

export const verifyChain = httpHandler({ auth: 'authority', body: verifyChainRequest, ports: authorityPorts }, async (ctx) =>
  ok(await verifyResidentChain(ctx.ports, ctx.body)),
);
