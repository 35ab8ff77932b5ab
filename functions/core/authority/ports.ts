/**
 * The store of the authority use cases: feeds, risk areas, rulesets, the review and roll-out pages and
 * the chain audit. functions/adapters/dynamodb/authority-store.ts implements it on the table; tests
 * may pass fakes built on this interface.
 */
import type { RiskAreaFacts } from '../../../shared/rules/engine';
import type { FeedType } from '../../../shared/api/authority';

/** How many partitions the ReviewDue index spreads over; a writer picks one from the holder id. */
export const REVIEW_BUCKETS = 16;

/**
 * The RegionStay partition a stay is indexed under. Zhejiang's codes are indexed as they are (its
 * counties are all known, so a province or city area lists them). Outside Zhejiang a county-level
 * stay is indexed under its city (`xxyy00`): a province area there then finds it through its 99
 * possible city codes, and a city or county area through one city code, filtered by the stay's own
 * code (`STAY#<region>#…` in the item's sort key).
 */
export function stayIndexRegion(region: string): string {
  if (region.startsWith('33') || region.endsWith('00')) return region;
  return `${region.slice(0, 4)}00`;
}

/** Where a paged read stopped; opaque, carried in a work message. */
export type PageCursor = Record<string, unknown>;

export interface HolderPage {
  holderIds: string[];
  next?: PageCursor;
}

export type RulesetState = 'scheduled' | 'active' | 'superseded';

/** The receipt of a feed: what makes a feed id idempotent. */
export interface FeedReceipt {
  feedId: string;
  type: FeedType;
  principal: string;
  receivedAt: string;
  /** SHA-256 of the canonical submitted body: a replay must be the same feed. */
  contentHash: string;
  /** The answer given, gzip-compressed JSON (a rejected list can be long), returned again on replay. Absent while the claim runs. */
  answer?: Uint8Array;
}

/** One authority record as stored under its document (pseudonymous). */
export interface AuthorityRecordItem {
  documentHash: string;
  feedId: string;
  index: number;
  type: string;
  at: string;
  day?: string;
  result?: 'positive' | 'negative';
  sampledAt?: string;
  principal: string;
  receivedAt: string;
}

/** A published risk-area version. */
export interface RiskAreasVersion {
  version: string;
  submitted: unknown;
  areas: RiskAreaFacts[];
  /** Changed region → earliest relevant stay day. */
  changed: Record<string, string>;
  contentHash: string;
  principal: string;
  publishedAt: string;
  previousVersion?: string;
  /** Holders found for re-evaluation; absent until the fan-out finished. */
  affected?: number;
}

export interface AuthorityStore {
  // Bindings
  /** The holders bound to document hashes; unregistered documents are simply absent. */
  holdersByDocumentHash(hashes: readonly string[]): Promise<Map<string, string>>;
  /** The holder bound to one document (consistent read), or undefined. */
  holderOfDocument(documentHash: string): Promise<string | undefined>;

  // Feeds
  feedReceipt(feedId: string): Promise<FeedReceipt | undefined>;
  /**
   * Claims a feed id: stores the receipt with a claim token when the id is new, or when an unanswered
   * claim with the same body is older than `staleBefore` (epoch ms). False when the claim is refused.
   */
  claimFeed(receipt: Omit<FeedReceipt, 'answer'>, token: string, claimedAt: number, staleBefore: number): Promise<boolean>;
  /** Stores the answer under the caller's own claim; false when the claim is no longer the caller's. */
  completeFeed(feedId: string, token: string, answer: Uint8Array, chunks: number): Promise<boolean>;
  /** Stores records under their documents (idempotent: keys are deterministic). */
  putAuthorityRecords(records: readonly AuthorityRecordItem[]): Promise<void>;

  // Risk areas
  riskAreasVersion(version: string): Promise<RiskAreasVersion | undefined>;
  currentRiskAreas(): Promise<{ version?: string; areas: RiskAreaFacts[] }>;
  /**
   * Writes the version and moves CURRENT to it, together, only if CURRENT is still `previousVersion`
   * (or absent when undefined) and the version is new. False when either condition fails.
   */
  publishRiskAreas(version: RiskAreasVersion): Promise<boolean>;
  setRiskAreasAffected(version: string, affected: number): Promise<void>;
  /** Stays indexed under a RegionStay partition with a last day on or after `since`: holder and the stay's own region. */
  staysIndexedUnder(code: string, since: string): Promise<{ holderId: string; region: string }[]>;

  // Rulesets
  ruleset(version: string): Promise<{ contentHash?: unknown; state?: RulesetState } | undefined>;
  /** Stores a new version as scheduled; false when the version is already stored. */
  storeRuleset(record: { version: string; document: unknown; effectiveFrom: string; contentHash: string; principal: string; storedAt: string }): Promise<boolean>;
  activeRulesetPointer(): Promise<{ version?: string; effectiveFrom?: string } | undefined>;
  /** `scheduled` → `to`, conditional; false when the version was not scheduled any more. */
  claimRulesetActivation(version: string, to: 'active' | 'superseded', at: string): Promise<boolean>;
  pointActiveRuleset(pointer: { version: string; effectiveFrom: string; activatedAt: string; previousVersion?: string }): Promise<void>;
  markRolloutQueued(version: string, at: string): Promise<void>;
  /** Versions still scheduled, and active ones whose roll-out was never marked queued. */
  rulesetsToActivate(): Promise<{ version: string; effectiveFrom: string; state: RulesetState }[]>;

  // Pages of holders
  /** One page of one parallel scan segment over every status; `limit` items at most when given. */
  statusPage(segment: number, totalSegments: number, options: { limit?: number; cursor?: PageCursor }): Promise<HolderPage>;
  /** One page of one ReviewDue bucket: statuses due by `dueBy` (and at or after `dueFrom`). */
  reviewDuePage(bucket: number, dueBy: string, options: { dueFrom?: string; limit: number; cursor?: PageCursor }): Promise<HolderPage>;
}
