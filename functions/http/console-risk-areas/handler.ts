import { httpHandler, ok } from '../../middleware';
import { riskAreaChange, riskAreaProposalIdPath, riskAreaProposalRequest } from '../../../shared/api/console';
import { decideRiskArea, getRiskAreaProposal, listRiskAreaProposals, proposeRiskArea, riskAreaImpact } from '../../core/console/risk-area-proposals';
import { riskAreaProposalPorts } from '../../wiring/console';
import { proposalRoutes } from '../console-proposals';

export const preview = httpHandler({ auth: 'official', officialRole: 'proposer', body: riskAreaChange, ports: riskAreaProposalPorts }, async (ctx) =>
  ok(await riskAreaImpact(ctx.ports, ctx.body, ctx.now)),
);

export const { propose, list, get, decide } = proposalRoutes({
  ports: riskAreaProposalPorts,
  idPath: riskAreaProposalIdPath,
  request: riskAreaProposalRequest,
  propose: proposeRiskArea,
  list: listRiskAreaProposals,
  get: getRiskAreaProposal,
  decide: decideRiskArea,
});
