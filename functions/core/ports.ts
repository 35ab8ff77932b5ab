/**
 * Port types several areas share. Adapters implement them (functions/adapters); use cases and tests
 * see only these interfaces.
 */
import type { DocumentType } from '../../shared/identity';

/** All time in use cases comes from here, never from Date.now(). */
export interface Clock {
  now(): Date;
}

/**
 * Retried writes answered once (`Idempotency-Key`): the first request with a key runs `effect`, a retry
 * with the same key and body gets its answer. `replay` answers a write that committed but whose answer was lost.
 */
export interface Idempotency {
  run<T>(scope: string, key: string | undefined, request: unknown, now: Date, effect: () => Promise<T>, options?: { replay?: (committedAt: Date) => Promise<T> }): Promise<T>;
}

/** What the request middleware looks up before any handler runs (functions/middleware/index.ts). */
export interface SessionDirectory {
  /** The principal a seeded authority key stands for (local stage only), by the key's SHA-256 in hex. */
  authorityOfKey(keyHash: string): Promise<string | undefined>;
  /** The holder of a live account's own code; undefined when the account does not exist (deleted, 注销). */
  holderOfAccount(accountId: string): Promise<string | undefined>;
  /** An inspector token's checkpoints less those whose department grants changed after it was issued. */
  liveCheckpoints(checkpoints: readonly string[], issuedAtSeconds: number | undefined): Promise<string[]>;
}

/**
 * Background work cut into messages, so that no single Lambda loops over an unbounded list: SQS on
 * AWS, an inline stand-in that runs the same processing function locally (functions/adapters/queue.ts).
 */
export interface WorkQueue<M> {
  /** Enqueues messages (any number; batched by the adapter). */
  send(messages: readonly M[]): Promise<void>;
  /** True when `send` has already done the work by the time it resolves (local stand-in). */
  readonly inline: boolean;
}

/** Encrypts names, document numbers and phones at rest, each field under its own context. */
export interface FieldCipher {
  encrypt(field: string, plaintext: string): string;
  /** Throws when the text was not made by this key for this field. */
  decrypt(field: string, stored: string): string;
}

/** A real-name identity as Alipay certified it (or as a passed verification proved it). */
export interface CertifiedIdentity {
  name: string;
  documentType: DocumentType;
  documentNumber: string;
}

/** Who Alipay says the user is. `userId` is either the user_id or the open_id. */
export interface AlipayIdentity {
  userId: string;
  /** False only when Alipay says `is_certified: F`; a missing flag (apps reviewed after 2019-12-24) is not a refusal. */
  certified: boolean;
  /** The certified identity, when the app is granted the fields and they map to one of our documents. */
  identity?: CertifiedIdentity;
  /**
   * The resident granted only `auth_base` (declined the optional `auth_user`): Alipay named the user
   * but said nothing about certification, so a stored flag is left as it is.
   */
  limited?: true;
}

export type VerificationResult = 'passed' | 'not-passed' | 'expired';

/** Alipay, as the resident use cases need it. */
export interface AlipayPort {
  identify(authCode: string, now?: Date): Promise<AlipayIdentity>;
  /** Starts an identity verification of exactly this person; `url` is what `my.startAPVerify` opens. */
  startVerification(request: { outerOrderNo: string; identity: CertifiedIdentity; returnUrl?: string }): Promise<{ certifyId: string; url: string }>;
  /** Whether the person verified under `certifyId` passed; a quit or unfinished one is `not-passed`. */
  verificationResult(certifyId: string): Promise<VerificationResult>;
  /** The mobile number inside a `my.getPhoneNumber` envelope; throws ValidationError when it is not genuine. */
  openPhoneEnvelope(response: string, sign: string): string;
}

/** A signed code payload, as the resident's code screen shows it. */
export interface SignedCode {
  payload: string;
  issuedAt: string;
  expiresAt: string;
  refreshInSeconds: number;
  kid: string;
}

/** What officials may do in the console, from least to most. */
export const OFFICIAL_ROLES = ['viewer', 'proposer', 'approver', 'admin'] as const;
export type OfficialRole = (typeof OFFICIAL_ROLES)[number];

/** The deployment facts a use case may show (health). */
export interface DeploymentInfo {
  stage: string;
  version: string;
}

/** Structured, pseudonymous operational log lines (Powertools Logger on AWS). */
export interface Log {
  info(message: string, fields?: Record<string, unknown>): void;
}
