/**
 * The ports the inspector use cases need. Adapters implement them (DynamoDB, DingTalk, the code key
 * ring); tests pass fakes built on these interfaces.
 */
import type { Color } from '../../../shared/rules/schema';
import type { Outcome } from '../../../shared/api/inspector';

/** Who signed in, as an identity provider reports it. No ID number, no phone. */
export interface InspectorIdentity {
  /** The organisation (DingTalk corp) the grants are looked up in. */
  corpId: string;
  /** The provider's user id within that corp. */
  userId: string;
  /** Display name from the provider, if any; only ever returned masked. */
  name?: string;
  departments: string[];
  roles: string[];
}

export interface InspectorIdentityProvider {
  /** @throws UnauthenticatedError for a bad code, DependencyUnavailableError when the provider is down. */
  identify(authCode: string): Promise<InspectorIdentity>;
}

export interface CheckpointInfo {
  id: string;
  name: string;
}

export interface InspectorGrants {
  /** The checkpoints the identity may work, de-duplicated, existing ones only. */
  checkpoints: CheckpointInfo[];
  /** A display label set in the registry (e.g. 演示核验员), preferred over the provider's name. */
  displayName?: string;
}

/** The inspector registry: corp + user/department/role → checkpoints. */
export interface InspectorRegistry {
  grantsFor(identity: InspectorIdentity): Promise<InspectorGrants>;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the current window ends. */
  retryAfterSeconds: number;
}

/** A counter per principal per time window that holds across Lambda instances. */
export interface RateLimiter {
  consume(bucket: string, limit: number, now: Date): Promise<RateDecision>;
}

export type ScanKind = 'code' | 'manual';

/** One scan as the log keeps it: pseudonymous, masked, no clear personal data. */
export interface ScanEntry {
  inspectorId: string;
  checkpointId: string;
  kind: ScanKind;
  outcome: Outcome;
  at: Date;
  color?: Color;
  reason?: string;
  /** A keyed, non-reversible reference to the holder (never the holder id itself). */
  holderRef?: string;
  maskedName?: string;
  maskedDocument?: string;
}

export interface ScanPage {
  scans: ScanEntry[];
  /** Opaque; present when there are older scans. */
  nextCursor?: string;
}

export interface ScanListOptions {
  checkpointId?: string;
  since?: Date;
  limit: number;
  cursor?: string;
}

export interface HourCount {
  /** 00–23, Asia/Shanghai. */
  hour: string;
  pass: number;
  stop: number;
  invalid: number;
}

/** The scan log and the per-checkpoint hourly counters built from it (off the request path, from the table's stream). */
export interface ScanLog {
  /** Writes the scan item (TTL); the checkpoint's hourly counter follows from the table's stream. */
  record(entry: ScanEntry): Promise<void>;
  /** This inspector's scans, newest first. @throws ValidationError for a bad cursor. */
  list(inspectorId: string, options: ScanListOptions): Promise<ScanPage>;
  /** Counts per hour of one checkpoint on one Asia/Shanghai day (no table scan). */
  hourlyCounts(checkpointId: string, day: string): Promise<HourCount[]>;
}
