import { created, httpHandler, ok } from '../../middleware';
import { decisionRequest, proposalListQuery, rulesetDryRunRequest, rulesetProposalIdPath, rulesetProposalRequest } from '../../../shared/api/console';
import { decideRuleset, dryRunRuleset, getRulesetProposal, listRulesetProposals, proposeRuleset } from '../../core/console/ruleset-proposals';
import type { Principal } from '../../core/console/feed-proposals';
import type { Session } from '../../adapters/sessions';
import { rulesetProposalPorts } from '../../wiring/console';

const principal = (session: Session): Principal => ({ id: session.sub, name: session.principal ?? '工作人员' });
/** A ruleset (about 10 KB) and up to 500 vectors. */
const MAX_RULESET_BYTES = 256 * 1024;

export const dryRun = httpHandler({ auth: 'official', officialRole: 'proposer', body: rulesetDryRunRequest, maxBodyBytes: MAX_RULESET_BYTES }, async (ctx) =>
  ok(await dryRunRuleset(rulesetProposalPorts(ctx.db, ctx.config.tableName), ctx.body.ruleset, ctx.now)),
);

export const propose = httpHandler({ auth: 'official', officialRole: 'proposer', body: rulesetProposalRequest, maxBodyBytes: MAX_RULESET_BYTES }, async (ctx) =>
  created(await proposeRuleset(rulesetProposalPorts(ctx.db, ctx.config.tableName), ctx.body, principal(ctx.principal), ctx.now)),
);

export const list = httpHandler({ auth: 'official', officialRole: 'viewer', query: proposalListQuery }, async (ctx) =>
  ok({ proposals: await listRulesetProposals(rulesetProposalPorts(ctx.db, ctx.config.tableName), ctx.query.status) }),
);

export const get = httpHandler({ auth: 'official', officialRole: 'viewer', path: rulesetProposalIdPath }, async (ctx) =>
  ok(await getRulesetProposal(rulesetProposalPorts(ctx.db, ctx.config.tableName), ctx.path.id, ctx.now)),
);

export const decide = httpHandler({ auth: 'official', officialRole: 'approver', path: rulesetProposalIdPath, body: decisionRequest }, async (ctx) =>
  ok(await decideRuleset(rulesetProposalPorts(ctx.db, ctx.config.tableName), ctx.path.id, ctx.body, principal(ctx.principal), ctx.now)),
);
