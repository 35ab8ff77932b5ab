import { httpHandler, ok } from '../../middleware';
import { rulesetDryRunRequest, rulesetProposalIdPath, rulesetProposalRequest } from '../../../shared/api/console';
import { decideRuleset, dryRunRuleset, getRulesetProposal, listRulesetProposals, proposeRuleset } from '../../core/console/ruleset-proposals';
import { rulesetProposalPorts } from '../../wiring/console';
import { proposalRoutes } from '../console-proposals';

/** A ruleset (about 10 KB) and up to 500 vectors. */
const MAX_RULESET_BYTES = 256 * 1024;

export const dryRun = httpHandler({ auth: 'official', officialRole: 'proposer', body: rulesetDryRunRequest, maxBodyBytes: MAX_RULESET_BYTES, ports: rulesetProposalPorts }, async (ctx) =>
  ok(await dryRunRuleset(ctx.ports, ctx.body.ruleset, ctx.now)),
);

export const { propose, list, get, decide } = proposalRoutes({
  ports: rulesetProposalPorts,
  idPath: rulesetProposalIdPath,
  request: rulesetProposalRequest,
  maxBodyBytes: MAX_RULESET_BYTES,
  propose: proposeRuleset,
  list: listRulesetProposals,
  get: getRulesetProposal,
  decide: decideRuleset,
});
