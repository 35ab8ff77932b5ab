/**
 * Ports of the resident use cases. functions/wiring/resident.ts builds them from the adapters; tests pass
 * their own (a fake Alipay gateway behind the real adapter, a fixed key, or fakes of these interfaces).
 */
import type { DocumentType } from '../../../shared/identity';
import type { HolderStore, StoreWrite } from '../holder-state';
import type { RateLimiter } from '../inspector/ports';
import type { AlipayPort, CertifiedIdentity, FieldCipher, VerificationResult } from '../ports';

export type { CertifiedIdentity, VerificationResult };

/**
 * Identity verification (支付宝身份验证, or the sandbox's stand-in on local and review): starts a
 * verification of exactly one person, and later says whether that person passed.
 */
export interface IdentityVerifier {
  start(request: { outerOrderNo: string; identity: CertifiedIdentity; accountId: string; now: Date }): Promise<{ certifyId: string; url: string }>;
  result(certifyId: string, now: Date): Promise<VerificationResult>;
}

/** The key of a sign-in link (Alipay user, sandbox subject), kept on the account so deletion can remove it. */
export interface LinkKey {
  PK: string;
  SK: string;
}

/** What the sandbox's face step may be told: the person passed, failed, or quit half-way. */
export type SandboxCertifyOutcome = 'pass' | 'fail' | 'quit';

/** The sandbox's stand-in for Alipay (local and review only). */
export interface ResidentSandbox {
  identify(subject: string): { link: LinkKey; certified: boolean };
  verifier: IdentityVerifier;
  /** The face step, done by the account that started it; false when unknown, not its own, or already done. */
  completeCertify(certifyId: string, accountId: string, outcome: SandboxCertifyOutcome, now: Date): Promise<boolean>;
}

/** The account item. Personal fields are encrypted; masked ones are for display. */
export interface AccountItem {
  accountId: string;
  provider: 'alipay' | 'sandbox';
  /** Key of the identity link item, so deletion can remove it. */
  link: LinkKey;
  certified: boolean;
  createdAt: string;
  dependentCount?: number;
  /** The holder of the account's own code when it is not the account id (taken over from a dependent). */
  holderId?: string;
  /** The real-name identity Alipay certified (user.info.share), encrypted; refreshed at every sign-in. */
  certifiedIdentity?: { nameEnc: string; documentType: DocumentType; documentNumberEnc: string };
  profile?: {
    nameEnc: string;
    documentType: string;
    documentNumberEnc: string;
    phoneEnc: string;
    documentHash: string;
    maskedName: string;
    maskedDocument: string;
    maskedPhone: string;
    registeredAt: string;
  };
}

/** A dependent of an account. Items written before states existed are active. */
export interface DependentItem {
  holderId: string;
  relation: string;
  nameEnc?: string;
  documentType: DocumentType;
  documentNumberEnc?: string;
  documentHash: string;
  maskedName: string;
  maskedDocument: string;
  createdAt: string;
  /** removed: a tombstone without personal data while the holder's facts are swept (removeDependent). */
  state?: 'pending' | 'active' | 'claimed' | 'removed';
  certifyId?: string;
  confirmationCode?: string;
  /** How the binding was made: the person's verification, or an inspector in person. */
  boundBy?: { kind: 'verification' } | { kind: 'inspector'; inspectorId: string; checkpointId: string };
}

/** A started self verification: encrypted identity and its hash. */
export interface VerificationItem {
  verificationId: string;
  purpose: 'self';
  certifyId: string;
  nameEnc: string;
  documentType: DocumentType;
  documentNumberEnc: string;
  documentHash: string;
  expiresAt: string;
}

/** Who a document is bound to. */
export interface DocumentBinding {
  holderId: string;
  accountId: string;
  kind?: 'account' | 'dependent';
}

/**
 * What an account's deletion erases, by pseudonymous keys only (holder ids, document HMACs, random
 * codes, sign-in links). Recorded on the closing mark before anything is erased, so a retry or the
 * sweep still knows every holder once the account's own items are gone.
 */
export interface ErasureTargets {
  holderIds: string[];
  /** Bindings to release, each only while it is still bound to that holder. */
  bindings: { documentHash: string; holderId: string }[];
  confirmationCodes: string[];
  links: LinkKey[];
}

/** The closing mark of an account (注销 under way, or done a short while ago). */
export interface ClosingMark {
  state: 'closing' | 'closed';
  since: string;
  targets?: ErasureTargets;
}

/**
 * The resident's items. Methods that return a StoreWrite build a write that commits with a holder
 * change (holder-state's `extraItems`); its condition is named in the method's comment.
 */
export interface ResidentStore {
  account(accountId: string): Promise<AccountItem | undefined>;
  alipayLink(userId: string): LinkKey;
  /** The account a sign-in link points to (consistent). */
  linkedAccount(link: LinkKey): Promise<string | undefined>;
  /** Best effort: a failed refresh (or a closing account) is tried again at the next sign-in. */
  refreshCertification(accountId: string, certified: boolean, identity: AccountItem['certifiedIdentity'] | undefined): Promise<void>;
  /**
   * Creates the account and its link together; a link left by `replacing` (a deleted account) is
   * replaced, a live one wins. False when either condition fails.
   */
  createAccount(account: AccountItem, replacing: string | undefined): Promise<boolean>;
  /** Condition: the document is not bound yet. */
  bindDocument(documentHash: string, binding: Required<DocumentBinding> & { verified: boolean; createdAt: string }): StoreWrite;
  /** Condition: the account exists and has no profile yet. */
  setProfile(accountId: string, profile: NonNullable<AccountItem['profile']>): StoreWrite;
  documentBinding(documentHash: string): Promise<DocumentBinding | undefined>;
  /** Condition: still this dependent binding of `formerManager`. */
  claimDependentBinding(documentHash: string, ownerId: string, holderId: string, formerManager: string, at: string): StoreWrite;
  /** Condition: the owner exists and has no profile yet; sets the profile and the owner's holder. */
  setOwnerProfile(ownerId: string, profile: NonNullable<AccountItem['profile']>, holderId: string): StoreWrite;
  /** Condition: the dependent item exists; turns it claimed and drops its encrypted name and number. */
  markDependentClaimed(managerId: string, holderId: string, at: string): StoreWrite;
  /** Condition: the manager has a dependent to release. */
  releaseDependentSlot(managerId: string): StoreWrite;
  /** Condition: the account has a profile and fewer than `max` dependents. */
  takeDependentSlot(accountId: string, max: number): StoreWrite;
  /** No condition: a used confirmation code goes with the binding it confirmed. */
  dropConfirmation(code: string): StoreWrite;
  /** Condition: the dependent is still pending; turns it active and removes its expiry. */
  activateDependent(accountId: string, holderId: string, boundBy: NonNullable<DependentItem['boundBy']>, at: string): StoreWrite;

  /** Condition: the dependent exists and is not removed; replaced by a tombstone with no personal data. */
  markDependentRemoved(accountId: string, holderId: string, at: string): StoreWrite;
  /** Condition: the document is still bound to this holder as this account's dependent. */
  unbindDependentDocument(documentHash: string, holderId: string, accountId: string): StoreWrite;
  /** Deletes a closed holder's items but its history: declarations, check-ins, stays, corrections filed. Idempotent. */
  eraseHolderFacts(holderId: string): Promise<void>;
  /** Deletes the DEP# item and its confirmation code, if any. Idempotent. */
  forgetDependent(accountId: string, holderId: string, confirmationCode: string | undefined): Promise<void>;

  dependent(accountId: string, holderId: string): Promise<DependentItem | undefined>;
  dependents(accountId: string): Promise<DependentItem[]>;
  /**
   * Stores a pending dependent and its confirmation code, both expiring after `seconds`, in one
   * transaction with a check that the account is registered and open.
   * @throws WriteConflict; `failed[2]`: no profile (or no account), `failed[3]`: closing.
   */
  putPendingDependent(accountId: string, item: DependentItem & { confirmationCode: string }, now: Date, seconds: number): Promise<void>;
  /** Condition: the dependent is still pending and the account open. @throws WriteConflict; `failed[1]`: closing. */
  setDependentCertifyId(accountId: string, holderId: string, certifyId: string): Promise<void>;
  dependentConfirmation(code: string): Promise<{ accountId: string; holderId: string } | undefined>;

  /** Condition: the account is open. @throws WriteConflict; `failed[1]`: closing. */
  putVerification(accountId: string, item: VerificationItem, now: Date): Promise<void>;
  verification(accountId: string, verificationId: string): Promise<VerificationItem | undefined>;

  /** Condition: the account has no closing mark (it is not being deleted). Every write of an account or its dependents carries it. */
  accountOpen(accountId: string): StoreWrite;
  /** The account's closing mark, if any (consistent). */
  closing(accountId: string): Promise<ClosingMark | undefined>;
  /** Puts the closing mark (and the sweep's entry) unless there is one already. From then on every write carrying accountOpen loses. */
  markClosing(accountId: string, at: string): Promise<void>;
  /** Records what is to be erased on the mark; false when the mark is no longer closing (a concurrent run finished). */
  recordErasureTargets(accountId: string, targets: ErasureTargets): Promise<boolean>;
  /**
   * Erases every target but the account item itself: each holder's items but the history (status
   * last) and the corrections it filed, the bindings still bound to these holders, the confirmation
   * codes and sign-in links still this account's, and every other item of the account. Idempotent.
   */
  eraseTargets(accountId: string, targets: ErasureTargets): Promise<void>;
  /** What eraseTargets should have removed and is still there (keys, pseudonymous), besides the account item. */
  erasureLeftovers(accountId: string, targets: ErasureTargets): Promise<string[]>;
  /**
   * In one transaction: the account item goes, the mark turns closed (expiring; it keeps only the
   * holder ids and bindings, which an audit checks stay erased), the sweep's entry goes.
   */
  finishClosing(accountId: string, at: Date): Promise<void>;
  /** Accounts whose deletion began at or before `before` and is not finished (the sweep's entries). */
  unfinishedClosings(before: string, limit: number): Promise<string[]>;

}

export interface ResidentPorts extends HolderStore {
  residents: ResidentStore;
  /** Encrypts names, document numbers and phones at rest. */
  cipher: FieldCipher;
  /** Keyed hash of a document (HMAC with the lookup key). */
  hashDocument(documentType: string, documentNumber: string): string;
  /** Alipay, when configured for this stage. */
  alipay?: AlipayPort;
  /** The sandbox, where allowed and built in (stages local and review), else undefined. */
  sandbox(): Promise<ResidentSandbox | undefined>;
  /** Daily counters of registration and dependent attempts (per account, per document hash). */
  attempts?: RateLimiter;
}
