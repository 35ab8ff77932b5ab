/**
 * Feeds with two people. An official with `proposer` uploads records and cites a basis; the impact
 * (people named, registered residents, colour changes) is computed before anything is stored; a
 * second official with `approver` approves or rejects. Only an approval applies the records, through
 * the same feed use case as machine feeds (./../authority/feeds). Every step goes in the decision log.
 */
import { randomBytes } from 'node:crypto';
import { validateFeedRecords, type FeedRecord, type FeedResponse, type FeedType } from '../../../shared/api/authority';
import type { DecisionRequest, FeedProposal, FeedProposalRequest, ProposalImpact, ProposalStatus } from '../../../shared/api/console';
import type { AuthorityRecordFacts } from '../../../shared/rules/engine';
import type { Color } from '../../../shared/rules/schema';
import { maskDocument } from '../../../shared/mask';
import { shanghaiDay } from '../../../shared/time';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { assertSecondPrincipal } from '../two-person';
import { mapLimit } from '../authority/work';
import { chainAuditEntry, type AuditContent, type AuditHead } from './audit-chain';
import type { AuditEntry } from '../../../shared/api/console';
import * as z from 'zod';

export interface Principal {
  id: string;
  name: string;
}

/** What every two-person proposal has (feeds, risk-area levels, rulesets): one lifecycle for all. */
export interface ProposalRecord {
  id: string;
  status: ProposalStatus;
  proposer: Principal;
  decider?: Principal;
  decidedAt?: string;
  reason?: string;
  applied?: unknown;
}

export interface StoredProposal<P extends ProposalRecord = FeedProposal> {
  proposal: P;
  /** A payload kept apart from the proposal item (a feed's records, encrypted: they carry document numbers). */
  sealedRecords?: string;
}

/** Persistence of proposals and of the decision log; each write appends its log entry atomically. */
export interface ProposalStore<P extends ProposalRecord = FeedProposal> {
  create(stored: StoredProposal<P>, entry: (head: AuditHead) => AuditEntry): Promise<void>;
  get(id: string): Promise<StoredProposal<P> | undefined>;
  list(status?: ProposalStatus): Promise<P[]>;
  /** Moves a `proposed` proposal to its decision; a proposal decided meanwhile is a ConflictError. */
  decide(id: string, decision: Pick<P, 'status' | 'decider' | 'decidedAt' | 'reason'>, entry: (head: AuditHead) => AuditEntry): Promise<void>;
  markApplied(id: string, applied: NonNullable<P['applied']>): Promise<void>;
  auditLog(): Promise<{ entries: AuditEntry[]; head: AuditHead }>;
  /** Appends an entry that goes with no other write (a person lookup). */
  append(entry: (head: AuditHead) => AuditEntry): Promise<void>;
}

/** How one kind of proposal is logged and applied by decideTwoStep. */
export interface TwoStepKind<P extends ProposalRecord> {
  actions: { approved: AuditContent['action']; rejected: AuditContent['action'] };
  /** The log entry's content for a decision (both principals and the basis). */
  auditContent(action: AuditContent['action'], proposal: P, at: Date, decider: Principal): AuditContent;
  /** Applies an approved proposal; must be idempotent (an approver's retry applies it again). */
  apply(stored: StoredProposal<P>, proposal: P): Promise<NonNullable<P['applied']>>;
}

/**
 * The second step of every two-person decision.
 * 1. The decider is a second principal (assertSecondPrincipal), for approval and rejection alike.
 * 2. Records the decision and its log entry atomically, only while the proposal is still `proposed`.
 * 3. An approval then applies the proposal (`kind.apply`) and marks it applied; the approver's retry
 *    of an approval that did not finish applying applies it again (idempotently).
 */
export async function decideTwoStep<P extends ProposalRecord>(store: ProposalStore<P>, kind: TwoStepKind<P>, id: string, request: DecisionRequest, decider: Principal, now: Date): Promise<P> {
  const stored = await store.get(id);
  if (!stored) throw new NotFoundError('未找到该提议');
  let proposal = stored.proposal;
  assertSecondPrincipal(proposal.proposer.id, decider.id);
  const retryOfApproval = proposal.status === 'approved' && !proposal.applied && proposal.decider?.id === decider.id && request.decision === 'approve';
  if (proposal.status !== 'proposed' && !retryOfApproval) throw new ConflictError(`该提议已处理（${proposal.status === 'approved' ? '已批准' : '已驳回'}），不能重复审批`);
  if (!retryOfApproval) {
    const decision = {
      status: (request.decision === 'approve' ? 'approved' : 'rejected') as ProposalStatus,
      decider,
      decidedAt: now.toISOString(),
      ...(request.reason ? { reason: request.reason } : {}),
    } as Pick<P, 'status' | 'decider' | 'decidedAt' | 'reason'>;
    const action = request.decision === 'approve' ? kind.actions.approved : kind.actions.rejected;
    await store.decide(id, decision, (head) => chainAuditEntry(head, kind.auditContent(action, proposal, now, decider)));
    proposal = { ...proposal, ...decision };
  }
  if (proposal.status !== 'approved') return proposal;
  const applied = await kind.apply(stored, proposal);
  await store.markApplied(id, applied);
  return { ...proposal, applied };
}

export interface ProposalPorts {
  store: ProposalStore;
  seal(plaintext: string): string;
  open(sealed: string): string;
  documentHash(documentType: string, documentNumber: string): Promise<string>;
  /** documentHash → holderId for the registered ones. */
  holdersByDocumentHash(hashes: readonly string[]): Promise<Map<string, string>>;
  /** The holder's colour now and with `extra` records (holder-state's previewHolderColour). */
  previewColour(holderId: string, extra: readonly AuthorityRecordFacts[], now: Date): Promise<{ from: Color; to: Color } | undefined>;
  /** The feed use case (submitFeed), with its idempotent feed id. */
  submitFeed(request: { feedId: string; type: FeedType; records: unknown[] }, principal: string, now: Date): Promise<FeedResponse>;
}

const PREVIEW_CONCURRENCY = 16;

function validOrThrow(type: FeedType, records: readonly unknown[], now: Date) {
  const { accepted, rejected } = validateFeedRecords(type, records, now);
  if (rejected.length > 0) {
    const problems = rejected.slice(0, 20).map((r) => ({ path: `records.${r.index}`, message: `第${r.index + 1}行：${r.errors[0]?.message ?? '记录无效'}` }));
    throw new ValidationError(`有${rejected.length}条记录不符合要求，请修改后再提交`, problems);
  }
  return accepted.map((a) => a.record);
}

function facts(type: FeedType, record: FeedRecord): AuthorityRecordFacts {
  const r = record as FeedRecord & { lastExposureDay?: string; result?: 'positive' | 'negative' };
  return {
    type: type as AuthorityRecordFacts['type'],
    at: new Date(r.at).toISOString(),
    ...(type === 'close-contact' && r.lastExposureDay ? { day: r.lastExposureDay } : {}),
    ...(type === 'test-result' ? { result: r.result } : {}),
  };
}

/** Previewed colour outcomes counted (not the stream counters of adapters/colour-stats): the holders read, those whose colour changes, each transition, the colours after. */
export interface PreviewTally {
  counted: number;
  colourChanges: number;
  transitions: { from: Color; to: Color; count: number }[];
  after: Record<Color, number>;
}

/** Tallies previewed colours (undefined: no holder to preview), for a feed's impact and a ruleset's dry run alike. */
export function tallyColours(outcomes: readonly ({ from: Color; to: Color } | undefined)[]): PreviewTally {
  const transitions = new Map<string, { from: Color; to: Color; count: number }>();
  const after: Record<Color, number> = { green: 0, yellow: 0, red: 0 };
  let counted = 0;
  let colourChanges = 0;
  for (const outcome of outcomes) {
    if (!outcome) continue;
    counted++;
    after[outcome.to]++;
    if (outcome.from === outcome.to) continue;
    colourChanges++;
    const key = `${outcome.from}>${outcome.to}`;
    const t = transitions.get(key) ?? { from: outcome.from, to: outcome.to, count: 0 };
    t.count++;
    transitions.set(key, t);
  }
  return { counted, colourChanges, transitions: [...transitions.values()], after };
}

/** The impact of applying `records` now: who is named, who is registered, whose colour changes. */
export async function feedImpact(ports: ProposalPorts, type: FeedType, records: readonly FeedRecord[], now: Date): Promise<ProposalImpact> {
  const byDocument = new Map<string, AuthorityRecordFacts[]>();
  await mapLimit(records, PREVIEW_CONCURRENCY, async (record) => {
    const hash = await ports.documentHash(record.documentType, record.documentNumber);
    const list = byDocument.get(hash) ?? [];
    list.push(facts(type, record));
    byDocument.set(hash, list);
  });
  const holders = await ports.holdersByDocumentHash([...byDocument.keys()]);
  const outcomes = await mapLimit([...holders.entries()], PREVIEW_CONCURRENCY, ([hash, holderId]) => ports.previewColour(holderId, byDocument.get(hash) ?? [], now));
  const { counted, colourChanges, transitions, after } = tallyColours(outcomes);
  return { records: records.length, people: byDocument.size, registered: counted, colourChanges, transitions, after };
}

/** POST /v1/console/feed-previews: the impact, nothing stored. */
export async function previewFeed(ports: ProposalPorts, request: FeedProposalRequest, now: Date): Promise<ProposalImpact> {
  return feedImpact(ports, request.type, validOrThrow(request.type, request.records, now), now);
}

/** A sortable id: <prefix>-<yyyyMMddHHmmss UTC>-<8 hex> (FP feeds, RA risk areas, RS rulesets). */
export function newProposalId(now: Date, prefix: 'FP' | 'RA' | 'RS' = 'FP'): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${prefix}-${stamp}-${randomBytes(4).toString('hex')}`;
}

function auditContent(action: AuditContent['action'], proposal: FeedProposal, at: Date, decider?: Principal): AuditContent {
  return { at: at.toISOString(), action, proposalId: proposal.id, basis: proposal.basis, proposer: proposal.proposer, ...(decider ? { decider } : {}) };
}

/**
 * POST /v1/console/feed-proposals.
 * 1. Every record must be valid (the browser showed the bad rows already; the server checks again).
 * 2. Computes the impact; stores the proposal with its records encrypted, and its log entry.
 */
export async function proposeFeed(ports: ProposalPorts, request: FeedProposalRequest, proposer: Principal, now: Date): Promise<FeedProposal> {
  const records = validOrThrow(request.type, request.records, now);
  const impact = await feedImpact(ports, request.type, records, now);
  const proposal: FeedProposal = {
    id: newProposalId(now),
    type: request.type,
    basis: request.basis,
    status: 'proposed',
    proposer,
    proposedAt: now.toISOString(),
    impact,
    sample: records.slice(0, 20).map((r) => {
      const day = (r as { lastExposureDay?: string }).lastExposureDay;
      return { document: maskDocument(r.documentType, r.documentNumber), at: shanghaiDay(new Date(r.at)), ...(day ? { day } : {}) };
    }),
  };
  await ports.store.create({ proposal, sealedRecords: ports.seal(JSON.stringify(records)) }, (head) => chainAuditEntry(head, auditContent('feed-proposed', proposal, now)));
  return proposal;
}

export async function getProposal(ports: ProposalPorts, id: string): Promise<FeedProposal> {
  const stored = await ports.store.get(id);
  if (!stored) throw new NotFoundError('未找到该提议');
  return stored.proposal;
}

export function listProposals(ports: ProposalPorts, status?: ProposalStatus): Promise<FeedProposal[]> {
  return ports.store.list(status);
}

/** The principal an approved proposal is applied under (feed records, risk-area lists, rulesets): both officials. */
export function proposalPrincipal(proposal: ProposalRecord): string {
  return `console:${proposal.proposer.id}+${proposal.decider?.id ?? ''}`;
}

/**
 * POST /v1/console/feed-proposals/{id}/decision: the two-step decision (decideTwoStep). An approval
 * applies the records through the feed use case, with the proposal id as feed id: idempotent, so the
 * approver's retry after a failure here applies them exactly once.
 */
export function decideProposal(ports: ProposalPorts, id: string, request: DecisionRequest, decider: Principal, now: Date): Promise<FeedProposal> {
  return decideTwoStep(ports.store, {
    actions: { approved: 'feed-approved', rejected: 'feed-rejected' },
    auditContent,
    async apply(stored, proposal) {
      if (stored.sealedRecords === undefined) throw new Error(`proposal ${proposal.id} has no records`);
      const records = z.array(z.unknown()).parse(JSON.parse(ports.open(stored.sealedRecords)));
      const answer = await ports.submitFeed({ feedId: proposal.id, type: proposal.type, records }, proposalPrincipal(proposal), now);
      // Records valid when proposed could only lapse with time; the feed answer's count says how many applied.
      return { feedId: answer.feedId, accepted: answer.accepted, affected: answer.affected };
    },
  }, id, request, decider, now);
}
