import { created, httpHandler, ok } from '../../middleware';
import { decisionRequest, feedProposalRequest, proposalIdPath, proposalListQuery } from '../../../shared/api/console';
import { decideProposal, getProposal, listProposals, previewFeed, proposeFeed, type Principal } from '../../core/console/feed-proposals';
import { verifyAuditChain } from '../../core/console/audit-chain';
import type { Session } from '../../adapters/sessions';
import { consolePorts } from '../../wiring/console';

/** Up to 2,000 records of about 150 bytes. */
const MAX_PROPOSAL_BYTES = 1024 * 1024;

const principal = (session: Session): Principal => ({ id: session.sub, name: session.principal ?? '工作人员' });

export const preview = httpHandler({ auth: 'official', officialRole: 'proposer', body: feedProposalRequest, maxBodyBytes: MAX_PROPOSAL_BYTES, ports: consolePorts }, async (ctx) =>
  ok(await previewFeed(ctx.ports, ctx.body, ctx.now)),
);

export const propose = httpHandler({ auth: 'official', officialRole: 'proposer', body: feedProposalRequest, maxBodyBytes: MAX_PROPOSAL_BYTES, ports: consolePorts }, async (ctx) =>
  created(await proposeFeed(ctx.ports, ctx.body, principal(ctx.principal), ctx.now)),
);

export const list = httpHandler({ auth: 'official', officialRole: 'viewer', query: proposalListQuery, ports: consolePorts }, async (ctx) =>
  ok({ proposals: await listProposals(ctx.ports, ctx.query.status) }),
);

export const get = httpHandler({ auth: 'official', officialRole: 'viewer', path: proposalIdPath, ports: consolePorts }, async (ctx) =>
  ok(await getProposal(ctx.ports, ctx.path.id)),
);

export const decide = httpHandler({ auth: 'official', officialRole: 'approver', path: proposalIdPath, body: decisionRequest, ports: consolePorts }, async (ctx) =>
  ok(await decideProposal(ctx.ports, ctx.path.id, ctx.body, principal(ctx.principal), ctx.now)),
);

/** The decision log, newest first, with the verdict of its hash chain. */
export const audit = httpHandler({ auth: 'official', officialRole: 'viewer', ports: consolePorts }, async (ctx) => {
  const { entries, head } = await ctx.ports.store.auditLog();
  return ok({ verdict: verifyAuditChain(entries, head), entries: entries.slice(-100).reverse() });
});
