import { created, httpHandler, ok } from '../../middleware';
import { decisionRequest, proposalListQuery, riskAreaChange, riskAreaProposalIdPath, riskAreaProposalRequest } from '../../../shared/api/console';
import { decideRiskArea, getRiskAreaProposal, listRiskAreaProposals, proposeRiskArea, riskAreaImpact } from '../../core/console/risk-area-proposals';
import type { Principal } from '../../core/console/feed-proposals';
import type { Session } from '../../adapters/sessions';
import { riskAreaProposalPorts } from '../../wiring/console';

const principal = (session: Session): Principal => ({ id: session.sub, name: session.principal ?? '工作人员' });

export const preview = httpHandler({ auth: 'official', officialRole: 'proposer', body: riskAreaChange }, async (ctx) =>
  ok(await riskAreaImpact(riskAreaProposalPorts(ctx.db, ctx.config.tableName), ctx.body, ctx.now)),
);

export const propose = httpHandler({ auth: 'official', officialRole: 'proposer', body: riskAreaProposalRequest }, async (ctx) =>
  created(await proposeRiskArea(riskAreaProposalPorts(ctx.db, ctx.config.tableName), ctx.body, principal(ctx.principal), ctx.now)),
);

export const list = httpHandler({ auth: 'official', officialRole: 'viewer', query: proposalListQuery }, async (ctx) =>
  ok({ proposals: await listRiskAreaProposals(riskAreaProposalPorts(ctx.db, ctx.config.tableName), ctx.query.status) }),
);

export const get = httpHandler({ auth: 'official', officialRole: 'viewer', path: riskAreaProposalIdPath }, async (ctx) =>
  ok(await getRiskAreaProposal(riskAreaProposalPorts(ctx.db, ctx.config.tableName), ctx.path.id, ctx.now)),
);

export const decide = httpHandler({ auth: 'official', officialRole: 'approver', path: riskAreaProposalIdPath, body: decisionRequest }, async (ctx) =>
  ok(await decideRiskArea(riskAreaProposalPorts(ctx.db, ctx.config.tableName), ctx.path.id, ctx.body, principal(ctx.principal), ctx.now)),
);
