import { created, httpHandler, ok } from '../../middleware';
import { decisionRequest, proposalListQuery, rulesetDryRunRequest, rulesetProposalIdPath, rulesetProposalRequest } from '../../../shared/api/console';
import { decideRuleset, dryRunRuleset, getRulesetProposal, listRulesetProposals, proposeRuleset } from '../../core/console/ruleset-proposals';
import type { Principal } from '../../core/console/feed-proposals';
import type { Session } from '../../adapters/sessions';
import { rulesetProposalPorts } from '../../wiring/console';

const principal = (session: Session): Principal => ({ id: session.sub, name: session.principal ?? '工作人员' });
/** A ruleset (about 10 KB) and up to 500 vectors. */
const MAX_RULESET_BYTES = 256 * 1024;

export const dryRun = httpHandler({ auth: 'official', officialRole: 'proposer', body: rulesetDryRunRequest, maxBodyBytes: MAX_RULESET_BYTES, ports: rulesetProposalPorts }, async (ctx) =>
  ok(await dryRunRuleset(ctx.ports, ctx.body.ruleset, ctx.now)),
);

export const propose = httpHandler({ auth: 'official', officialRole: 'proposer', body: rulesetProposalRequest, maxBodyBytes: MAX_RULESET_BYTES, ports: rulesetProposalPorts }, async (ctx) =>
  created(await proposeRuleset(ctx.ports, ctx.body, principal(ctx.principal), ctx.now)),
);

export const list = httpHandler({ auth: 'official', officialRole: 'viewer', query: proposalListQuery, ports: rulesetProposalPorts }, async (ctx) =>
  ok({ proposals: await listRulesetProposals(ctx.ports, ctx.query.status) }),
);

export const get = httpHandler({ auth: 'official', officialRole: 'viewer', path: rulesetProposalIdPath, ports: rulesetProposalPorts }, async (ctx) =>
  ok(await getRulesetProposal(ctx.ports, ctx.path.id, ctx.now)),
);

export const decide = httpHandler({ auth: 'official', officialRole: 'approver', path: rulesetProposalIdPath, body: decisionRequest, ports: rulesetProposalPorts }, async (ctx) =>
  ok(await decideRuleset(ctx.ports, ctx.path.id, ctx.body, principal(ctx.principal), ctx.now)),
);
