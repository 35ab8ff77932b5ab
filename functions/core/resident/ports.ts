/**
 * Ports of the resident use cases. Handlers build them from the adapters (`residentPorts`); tests
 * pass their own (a fake Alipay gateway behind the real adapter, a fixed key).
 */
import type { AlipayPort, CertifiedIdentity, FieldCipher, VerificationResult } from '../ports';
import type { HolderStore } from '../holder-state';
import type { TableHandle } from '../table-handle';
import type { RateLimiter } from '../inspector/ports';

export type { CertifiedIdentity, VerificationResult };

/**
 * Identity verification (支付宝身份验证, or the sandbox's stand-in on local and review): starts a
 * verification of exactly one person, and later says whether that person passed.
 */
export interface IdentityVerifier {
  start(request: { outerOrderNo: string; identity: CertifiedIdentity; accountId: string; now: Date }): Promise<{ certifyId: string; url: string }>;
  result(certifyId: string, now: Date): Promise<VerificationResult>;
}

export interface ResidentPorts extends HolderStore, TableHandle {
  /** Encrypts names, document numbers and phones at rest. */
  cipher: FieldCipher;
  /** Keyed hash of a document (HMAC with the lookup key). */
  hashDocument(documentType: string, documentNumber: string): string;
  /** Alipay, when configured for this stage. */
  alipay?: AlipayPort;
  /** Sandbox sign-in allowed (stages local and review). */
  sandboxAllowed: boolean;
  /** Daily counters of registration and dependent attempts (per account, per document hash). */
  attempts?: RateLimiter;
}
