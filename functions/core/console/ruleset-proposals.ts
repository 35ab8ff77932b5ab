/**
 * Ruleset roll-out with a what-if and two people. An official with `proposer` uploads a new ruleset
 * version with its test vectors; the document is checked by the shared schema and the vectors run
 * (in the browser, and here again) with the shared engine; a dry run over a bounded random sample of
 * residents shows how many would change colour, and to which. The proposal names an effective date (the
 * document's effectiveFrom) and a basis; a second official with `approver` approves or rejects it
 * (decideTwoStep in ./feed-proposals). An approval stores the version through the authority's use case
 * (putRuleset), so the scheduled job `ruleset-activation` activates it at its effective date, and rolls
 * it out, exactly as for the IAM route.
 */
import type { DecisionRequest, ProposalStatus, RulesetDryRun, RulesetProposal, DecisionBasis } from '../../../shared/api/console';
import { DRY_RUN_MAX_PAGES, DRY_RUN_SAMPLE } from '../../../shared/api/console';
import { checkRulesetDocument } from '../../../shared/api/rulesets';
import type { IssueEntry } from '../../../shared/api/errors';
import type { Ruleset } from '../../../shared/rules/schema';
import { rulesetVectors, runVectors, type RulesetVectors } from '../../../shared/rules/vectors';
import { formatIssues } from '../../../shared/api/errors';
import { previewHolderColour } from '../holder-state';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { putRuleset } from '../authority/rulesets';
import { mapLimit, type AuthorityPorts } from '../authority/work';
import type { PageCursor } from '../authority/ports';
import { chainAuditEntry, type AuditContent } from './audit-chain';
import { decideTwoStep, newProposalId, proposalPrincipal, tallyColours, type Principal, type ProposalStore, type TwoStepKind } from './feed-proposals';

export interface RulesetProposalPorts {
  /** Proposals; the payload item holds the document and its vectors. */
  store: ProposalStore<RulesetProposal>;
  authority: AuthorityPorts;
  random?: () => number;
}

/** Scan segments the sample draws from; a random start segment spreads samples over the table. */
export const DRY_RUN_SEGMENTS = 64;
/** Status items per scan page (the filter keeps status items only). */
const DRY_RUN_PAGE = 100;

const INVALID = '规则集内容有误，请按提示修改后重新提交';
const prefixed = (prefix: string, issues: readonly IssueEntry[]) => issues.map((i) => ({ path: i.path ? `${prefix}.${i.path}` : prefix, message: i.message }));

function checkedRuleset(document: unknown): Ruleset {
  const checked = checkRulesetDocument(document);
  if (!checked.ok) throw new ValidationError(INVALID, prefixed('ruleset', checked.issues));
  return checked.ruleset;
}

/** The vectors, each passed with `ruleset`; a 400 lists the ones that fail. */
function passedVectors(ruleset: Ruleset, document: unknown): { vectors: RulesetVectors; total: number } {
  const parsed = rulesetVectors.safeParse(document);
  if (!parsed.success) throw new ValidationError('测试用例格式不正确，请按提示修改后重新提交', prefixed('vectors', formatIssues(parsed.error)));
  const outcomes = runVectors(ruleset, parsed.data.vectors);
  const failed = outcomes.map((o, i) => ({ o, i })).filter(({ o }) => !o.pass);
  if (failed.length > 0) {
    throw new ValidationError(
      `有${failed.length}条测试用例未通过，请修改规则集或用例后重新提交`,
      failed.slice(0, 20).map(({ o, i }) => ({ path: `vectors.vectors.${i}`, message: `${o.name.slice(0, 80)}：${o.problem ?? '与预期不符'}` })),
    );
  }
  return { vectors: parsed.data, total: outcomes.length };
}

/**
 * Up to DRY_RUN_SAMPLE holders: status items from a random scan segment on, one page of at most
 * DRY_RUN_PAGE items at a time, reading at most DRY_RUN_MAX_PAGES pages. Bounded whatever the table's
 * size (the audit sample, ../authority/audit.ts, draws the same way).
 */
export async function sampleHolders(ports: Pick<RulesetProposalPorts, 'authority' | 'random'>): Promise<string[]> {
  const start = Math.floor((ports.random ?? Math.random)() * DRY_RUN_SEGMENTS);
  const holders: string[] = [];
  let pages = 0;
  for (let i = 0; i < DRY_RUN_SEGMENTS && holders.length < DRY_RUN_SAMPLE && pages < DRY_RUN_MAX_PAGES; i++) {
    const segment = (start + i) % DRY_RUN_SEGMENTS;
    let cursor: PageCursor | undefined;
    do {
      const page = await ports.authority.store.statusPage(segment, DRY_RUN_SEGMENTS, { limit: DRY_RUN_PAGE, cursor });
      pages++;
      for (const id of page.holderIds) if (holders.length < DRY_RUN_SAMPLE) holders.push(id);
      cursor = page.next;
    } while (cursor && holders.length < DRY_RUN_SAMPLE && pages < DRY_RUN_MAX_PAGES);
  }
  return holders;
}

/** What the ruleset would give the sampled residents now, against their stored colour. Nothing is written. */
export async function dryRun(ports: Pick<RulesetProposalPorts, 'authority' | 'random'>, ruleset: Ruleset, now: Date): Promise<RulesetDryRun> {
  const holders = await sampleHolders(ports);
  const outcomes = await mapLimit(holders, 8, (id) => previewHolderColour(ports.authority.store, id, [], now, ruleset));
  const { counted, colourChanges, transitions, after } = tallyColours(outcomes);
  return { version: ruleset.version, sampled: counted, colourChanges, transitions, after, computedAt: now.toISOString() };
}

/** POST /v1/console/rulesets/dry-runs: the document checked, then the dry run. */
export function dryRunRuleset(ports: RulesetProposalPorts, document: unknown, now: Date): Promise<RulesetDryRun> {
  return dryRun(ports, checkedRuleset(document), now);
}

function auditContent(action: AuditContent['action'], proposal: RulesetProposal, at: Date, decider?: Principal): AuditContent {
  return {
    at: at.toISOString(),
    action,
    proposalId: proposal.id,
    basis: proposal.basis,
    subject: `规则集${proposal.version}，生效时间${proposal.effectiveFrom}`,
    proposer: proposal.proposer,
    ...(decider ? { decider } : {}),
  };
}

/**
 * POST /v1/console/rulesets/proposals.
 * 1. The document passes the schema, its version is not stored yet, its effectiveFrom is ahead.
 * 2. Every vector passes with it.
 * 3. The dry run; then the proposal (document and vectors in its payload item) and its log entry.
 */
export async function proposeRuleset(ports: RulesetProposalPorts, request: { ruleset: unknown; vectors: unknown; basis: DecisionBasis }, proposer: Principal, now: Date): Promise<RulesetProposal> {
  const ruleset = checkedRuleset(request.ruleset);
  if (Date.parse(ruleset.effectiveFrom) <= now.getTime()) {
    throw new ValidationError(INVALID, [{ path: 'ruleset.effectiveFrom', message: '生效时间应晚于现在，请选择以后的时间' }]);
  }
  if (await ports.authority.store.ruleset(ruleset.version)) throw new ConflictError(`规则集${ruleset.version}已存在，请使用新的版本号`);
  const { vectors, total } = passedVectors(ruleset, request.vectors);
  const proposal: RulesetProposal = {
    id: newProposalId(now, 'RS'),
    version: ruleset.version,
    title: ruleset.title,
    effectiveFrom: ruleset.effectiveFrom,
    basis: request.basis,
    status: 'proposed',
    proposer,
    proposedAt: now.toISOString(),
    vectors: { total, passed: total },
    dryRun: await dryRun(ports, ruleset, now),
  };
  await ports.store.create({ proposal, sealedRecords: JSON.stringify({ ruleset, vectors }) }, (head) => chainAuditEntry(head, auditContent('ruleset-proposed', proposal, now)));
  return proposal;
}

export function listRulesetProposals(ports: RulesetProposalPorts, status?: ProposalStatus): Promise<RulesetProposal[]> {
  return ports.store.list(status);
}

function storedRuleset(payload: string | undefined, id: string): Ruleset {
  if (payload === undefined) throw new Error(`ruleset proposal ${id} has no document`);
  return checkedRuleset((JSON.parse(payload) as { ruleset: unknown }).ruleset);
}

/** A proposal, and while it waits, the dry run made again now (the approver decides on today's sample). */
export async function getRulesetProposal(ports: RulesetProposalPorts, id: string, now: Date): Promise<RulesetProposal & { dryRunNow?: RulesetDryRun }> {
  const stored = await ports.store.get(id);
  if (!stored) throw new NotFoundError('未找到该提议');
  if (stored.proposal.status !== 'proposed') return stored.proposal;
  return { ...stored.proposal, dryRunNow: await dryRun(ports, storedRuleset(stored.sealedRecords, id), now) };
}

/**
 * POST /v1/console/rulesets/proposals/{id}/decision. An approval stores the version with putRuleset
 * (principal: both officials): scheduled until its effectiveFrom, when the activation job activates it
 * and rolls it out; at once if that time has already come. putRuleset is idempotent per version.
 */
export function decideRuleset(ports: RulesetProposalPorts, id: string, request: DecisionRequest, decider: Principal, now: Date): Promise<RulesetProposal> {
  const kind: TwoStepKind<RulesetProposal> = {
    actions: { approved: 'ruleset-approved', rejected: 'ruleset-rejected' },
    auditContent,
    async apply(stored, proposal) {
      const ruleset = storedRuleset(stored.sealedRecords, proposal.id);
      const answer = await putRuleset(ports.authority, ruleset.version, ruleset, proposalPrincipal(proposal), now);
      return { version: answer.version, state: answer.state, effectiveFrom: answer.effectiveFrom };
    },
  };
  return decideTwoStep(ports.store, kind, id, request, decider, now);
}
