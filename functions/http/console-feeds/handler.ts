import { httpHandler, ok } from '../../middleware';
import { feedProposalRequest, proposalIdPath } from '../../../shared/api/console';
import { decideProposal, getProposal, listProposals, previewFeed, proposeFeed } from '../../core/console/feed-proposals';
import { verifyAuditChain } from '../../core/console/audit-chain';
import { consolePorts } from '../../wiring/console';
import { proposalRoutes } from '../console-proposals';

/** Up to 2,000 records of about 150 bytes. */
const MAX_PROPOSAL_BYTES = 1024 * 1024;

export const preview = httpHandler({ auth: 'official', officialRole: 'proposer', body: feedProposalRequest, maxBodyBytes: MAX_PROPOSAL_BYTES, ports: consolePorts }, async (ctx) =>
  ok(await previewFeed(ctx.ports, ctx.body, ctx.now)),
);

export const { propose, list, get, decide } = proposalRoutes({
  ports: consolePorts,
  idPath: proposalIdPath,
  request: feedProposalRequest,
  maxBodyBytes: MAX_PROPOSAL_BYTES,
  propose: proposeFeed,
  list: listProposals,
  get: getProposal,
  decide: decideProposal,
});

/** The decision log, newest first, with the verdict of its hash chain. */
export const audit = httpHandler({ auth: 'official', officialRole: 'viewer', ports: consolePorts }, async (ctx) => {
  const { entries, head } = await ctx.ports.store.auditLog();
  return ok({ verdict: verifyAuditChain(entries, head), entries: entries.slice(-100).reverse() });
});
