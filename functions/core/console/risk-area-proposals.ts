/**
 * Risk-area levels with two people (五色图). An official with `proposer` proposes one region's new
 * level with a cited basis (a notice number) after seeing how many residents it would touch; a second
 * official with `approver` sees the same count computed again and approves or rejects. The lifecycle
 * is the feed proposals' (decideTwoStep in ./feed-proposals); an approval publishes the new list
 * through the authority's use case (../authority/risk-areas), so it re-evaluates exactly the residents
 * the IAM route would. Nothing changes before the approval.
 */
import type { RiskAreaChange, RiskAreaImpact, RiskAreaProposal, RiskAreaProposalRequest, DecisionRequest, ProposalStatus } from '../../../shared/api/console';
import { RISK_LEVEL_LABELS, type RiskArea } from '../../../shared/api/authority';
import type { RiskAreaFacts } from '../../../shared/rules/engine';
import { regionName } from '../../../shared/regions';
import { shanghaiDay } from '../../../shared/time';
import { loadActiveRuleset } from '../holder-state';
import { NotFoundError, ValidationError } from '../errors';
import { changedRegions, holdersWithStays, nextAreaFacts, publishRiskAreas } from '../authority/risk-areas';
import type { AuthorityPorts } from '../authority/work';
import { chainAuditEntry, type AuditContent } from './audit-chain';
import { decideTwoStep, newProposalId, proposalPrincipal, type Principal, type ProposalStore, type TwoStepKind } from './feed-proposals';

export interface RiskAreaProposalPorts {
  store: ProposalStore<RiskAreaProposal>;
  /** The authority's ports: the current list, the RegionStay index and the publication. */
  authority: AuthorityPorts;
}

const levelLabel = (level: RiskAreaImpact['from']) => (level === 'none' ? '非风险地区' : RISK_LEVEL_LABELS[level]);

/** The list to submit: the areas in force, with `change` applied from `today` (an unchanged level keeps its `since`). */
export function submittedWithChange(current: readonly RiskAreaFacts[], change: RiskAreaChange, today: string): RiskArea[] {
  const open = current.filter((a) => a.until === undefined);
  const existing = open.find((a) => a.region === change.region);
  const others = open.filter((a) => a.region !== change.region).map(({ region, level, since }) => ({ region, level, since }));
  return [...others, { region: change.region, level: change.level, since: existing?.level === change.level ? existing.since : today }];
}

/**
 * What the change would do now (POST /v1/console/risk-areas/previews): the level in force, the new
 * one, and the residents whose stays the engine would re-read, found as publishRiskAreas finds them
 * (changedRegions, then the RegionStay index: queries by key, never a scan). Nothing is written.
 */
export async function riskAreaImpact(ports: RiskAreaProposalPorts, change: RiskAreaChange, now: Date): Promise<RiskAreaImpact> {
  const [current, ruleset] = await Promise.all([ports.authority.store.currentRiskAreas(), loadActiveRuleset(ports.authority.store)]);
  const existing = current.areas.find((a) => a.region === change.region && a.until === undefined);
  const from: RiskAreaImpact['from'] = existing?.level ?? 'none';
  const name = regionName(change.region) ?? change.region;
  if (from === change.level || (from === 'none' && change.level === 'low')) {
    throw new ValidationError(`${name}现为${levelLabel(from)}，无需调整`, [{ path: 'level', message: `${name}现为${levelLabel(from)}，请选择其他等级` }]);
  }
  const today = shanghaiDay(now);
  const next = nextAreaFacts(current.areas, submittedWithChange(current.areas, change, today), today, ruleset.thresholds.stayLookbackDays);
  const holders = await holdersWithStays(ports.authority, changedRegions(current.areas, next));
  return { region: change.region, name, from, to: change.level, residents: holders.length, computedAt: now.toISOString() };
}

function auditContent(action: AuditContent['action'], proposal: RiskAreaProposal, at: Date, decider?: Principal): AuditContent {
  const { impact } = proposal;
  return {
    at: at.toISOString(),
    action,
    proposalId: proposal.id,
    basis: proposal.basis,
    subject: `${impact.name}（${impact.region}）：${levelLabel(impact.from)}→${levelLabel(impact.to)}`,
    proposer: proposal.proposer,
    ...(decider ? { decider } : {}),
  };
}

/** POST /v1/console/risk-areas/proposals: the impact first, then the proposal and its log entry. */
export async function proposeRiskArea(ports: RiskAreaProposalPorts, request: RiskAreaProposalRequest, proposer: Principal, now: Date): Promise<RiskAreaProposal> {
  const impact = await riskAreaImpact(ports, request, now);
  const proposal: RiskAreaProposal = {
    id: newProposalId(now, 'RA'),
    region: request.region,
    level: request.level,
    basis: request.basis,
    status: 'proposed',
    proposer,
    proposedAt: now.toISOString(),
    impact,
  };
  await ports.store.create({ proposal }, (head) => chainAuditEntry(head, auditContent('risk-area-proposed', proposal, now)));
  return proposal;
}

export function listRiskAreaProposals(ports: RiskAreaProposalPorts, status?: ProposalStatus): Promise<RiskAreaProposal[]> {
  return ports.store.list(status);
}

/** A proposal, and while it waits, its impact computed again now (the approver decides on today's count). */
export async function getRiskAreaProposal(ports: RiskAreaProposalPorts, id: string, now: Date): Promise<RiskAreaProposal & { impactNow?: RiskAreaImpact }> {
  const stored = await ports.store.get(id);
  if (!stored) throw new NotFoundError('未找到该提议');
  const proposal = stored.proposal;
  if (proposal.status !== 'proposed') return proposal;
  try {
    return { ...proposal, impactNow: await riskAreaImpact(ports, proposal, now) };
  } catch (err) {
    // The level was reached meanwhile by another publication: the approval would change nothing.
    if (err instanceof ValidationError) return proposal;
    throw err;
  }
}

/**
 * POST /v1/console/risk-areas/proposals/{id}/decision. An approval publishes the list with the change
 * under the proposal's id as version, principal both officials. Publishing a version is idempotent: a
 * retry after a failure publishes the stored list of that version again, never a second list.
 */
export function decideRiskArea(ports: RiskAreaProposalPorts, id: string, request: DecisionRequest, decider: Principal, now: Date): Promise<RiskAreaProposal> {
  const kind: TwoStepKind<RiskAreaProposal> = {
    actions: { approved: 'risk-area-approved', rejected: 'risk-area-rejected' },
    auditContent,
    async apply(_stored, proposal) {
      const published = await ports.authority.store.riskAreasVersion(proposal.id);
      const areas = published
        ? (published.submitted as RiskArea[])
        : submittedWithChange((await ports.authority.store.currentRiskAreas()).areas, proposal, shanghaiDay(now));
      const answer = await publishRiskAreas(ports.authority, { version: proposal.id, areas }, proposalPrincipal(proposal), now);
      return { version: answer.version, affected: answer.affected };
    },
  };
  return decideTwoStep(ports.store, kind, id, request, decider, now);
}
