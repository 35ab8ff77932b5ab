import { created, httpHandler, ok } from '../../middleware';
import { decisionRequest, proposalListQuery, riskAreaChange, riskAreaProposalIdPath, riskAreaProposalRequest } from '../../../shared/api/console';
import { decideRiskArea, getRiskAreaProposal, listRiskAreaProposals, proposeRiskArea, riskAreaImpact } from '../../core/console/risk-area-proposals';
import type { Principal } from '../../core/console/feed-proposals';
import type { Session } from '../../adapters/sessions';
import { riskAreaProposalPorts } from '../../wiring/console';

const principal = (session: Session): Principal => ({ id: session.sub, name: session.principal ?? '工作人员' });

export const preview = httpHandler({ auth: 'official', officialRole: 'proposer', body: riskAreaChange, ports: riskAreaProposalPorts }, async (ctx) =>
  ok(await riskAreaImpact(ctx.ports, ctx.body, ctx.now)),
);

export const propose = httpHandler({ auth: 'official', officialRole: 'proposer', body: riskAreaProposalRequest, ports: riskAreaProposalPorts }, async (ctx) =>
  created(await proposeRiskArea(ctx.ports, ctx.body, principal(ctx.principal), ctx.now)),
);

export const list = httpHandler({ auth: 'official', officialRole: 'viewer', query: proposalListQuery, ports: riskAreaProposalPorts }, async (ctx) =>
  ok({ proposals: await listRiskAreaProposals(ctx.ports, ctx.query.status) }),
);

export const get = httpHandler({ auth: 'official', officialRole: 'viewer', path: riskAreaProposalIdPath, ports: riskAreaProposalPorts }, async (ctx) =>
  ok(await getRiskAreaProposal(ctx.ports, ctx.path.id, ctx.now)),
);

export const decide = httpHandler({ auth: 'official', officialRole: 'approver', path: riskAreaProposalIdPath, body: decisionRequest, ports: riskAreaProposalPorts }, async (ctx) =>
  ok(await decideRiskArea(ctx.ports, ctx.path.id, ctx.body, principal(ctx.principal), ctx.now)),
);
