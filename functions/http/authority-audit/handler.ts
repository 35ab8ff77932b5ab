import { httpHandler, ok } from '../../middleware';
import { verifyChainRequest } from '../../../shared/api/audit';
import { verifyResidentChain } from '../../core/authority/audit';
import { authorityPorts } from '../../wiring/authority';

export const verifyChain = httpHandler({ auth: 'authority', body: verifyChainRequest }, async (ctx) =>
  ok(await verifyResidentChain(authorityPorts(ctx.db, ctx.config.tableName), ctx.body)),
);
