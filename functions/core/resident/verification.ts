/**
 * Identity verification (支付宝身份验证) of a resident or of a dependent in front of the manager's
 * phone, and the daily attempt limits that keep registration from being an oracle.
 *
 * A verification is started for exactly one name and document; the binding that follows uses the
 * identity stored with the verification, never one typed again, so "verify A, bind B" is impossible.
 */
import { randomBytes } from 'node:crypto';
import { maskDocument, maskName } from '../../../shared/mask';
import { identityVerificationRequestAt } from '../../../shared/api';
import { DependencyUnavailableError, ForbiddenError, NotFoundError, RateLimitedError, RuleRefusedError } from '../errors';
import { unlessClosing } from '../store-errors';
import { parseInput } from './input';
import type { AccountItem, CertifiedIdentity, IdentityVerifier, ResidentPorts, SandboxCertifyOutcome, VerificationItem } from './ports';

/** Attempts to register a document or add a dependent, per account and per document, per window. */
export const ATTEMPTS_PER_DAY = 10;
export const ATTEMPT_WINDOW_SECONDS = 24 * 3600;
/** How long a started verification may be completed (Alipay's certify id lives about as long). */
export const VERIFICATION_TTL_SECONDS = 30 * 60;

/**
 * Counts one attempt against the account and against the document (10 a day each). Over either,
 * 429 with Retry-After. The document's counter is only touched once the account's admitted the
 * attempt, so one noisy account cannot lock a stranger's document out by itself past its own limit.
 */
export async function countAttempt(ports: ResidentPorts, accountId: string, documentHash: string, now: Date): Promise<void> {
  if (!ports.attempts) return;
  for (const bucket of [`attempt:acct:${accountId}`, `attempt:doc:${documentHash}`]) {
    const decision = await ports.attempts.consume(bucket, ATTEMPTS_PER_DAY, now);
    if (!decision.allowed) {
      const hours = Math.max(1, Math.ceil(decision.retryAfterSeconds / 3600));
      throw new RateLimitedError(`今天的尝试次数已用完，请约${hours}小时后再试`, decision.retryAfterSeconds);
    }
  }
}

/** The verifier for an account: Alipay's certify service, or the sandbox's stand-in where allowed. */
export async function verifierFor(ports: ResidentPorts, account: Pick<AccountItem, 'provider'>): Promise<IdentityVerifier> {
  if (account.provider === 'sandbox') {
    const sandbox = await ports.sandbox();
    if (!sandbox) throw new ForbiddenError('测试登录仅在测试环境开放');
    return sandbox.verifier;
  }
  const alipay = ports.alipay;
  if (!alipay) throw new DependencyUnavailableError('支付宝身份验证暂不可用，请稍后再试');
  return {
    start: ({ outerOrderNo, identity }) => alipay.startVerification({ outerOrderNo, identity }),
    result: (certifyId) => alipay.verificationResult(certifyId),
  };
}

/** What a client needs to run the verification step (`my.startAPVerify({ url, certifyId })`). */
export interface VerificationTicket {
  id: string;
  certifyId: string;
  url: string;
  expiresAt: string;
}

/** Refusal texts of a verification that did not pass, for the person at the screen. */
export function refuseUnverified(result: 'not-passed' | 'expired', who: 'self' | 'dependent'): never {
  if (result === 'expired') throw new RuleRefusedError('身份验证已过期，请重新发起验证');
  throw new RuleRefusedError(who === 'self'
    ? '身份验证未通过：请本人面对手机，按提示重新验证'
    : '身份验证未通过：请这位家庭成员本人面对手机，按提示重新验证；无法刷脸的老人或儿童，可带证件到社区服务点当面确认');
}

export function newVerificationId(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * Starts the identity verification of the account's own typed identity (Alipay accounts whose
 * certified fields Alipay does not return). The answer does not depend on whether the document is
 * registered.
 * 1. validate at `now` (name rules, document check);
 * 2. count the attempt (account and document, 10 a day, else 429 with Retry-After);
 * 3. start the verification for exactly this name and document; keep it encrypted for 30 minutes.
 */
export async function startSelfVerification(ports: ResidentPorts, accountId: string, body: unknown, now: Date): Promise<{ verification: VerificationTicket }> {
  const input = parseInput(identityVerificationRequestAt(now), body);
  const account = await ports.residents.account(accountId);
  if (!account) throw new ForbiddenError('账号不存在或已注销，请重新登录');
  if (account.profile) throw new RuleRefusedError('您已完成实名登记，无需再次验证');
  const documentHash = ports.hashDocument(input.documentType, input.documentNumber);
  await countAttempt(ports, accountId, documentHash, now);
  const verifier = await verifierFor(ports, account);
  const verificationId = newVerificationId();
  const identity: CertifiedIdentity = { name: input.name, documentType: input.documentType, documentNumber: input.documentNumber };
  const { certifyId, url } = await verifier.start({ outerOrderNo: verificationId, identity, accountId, now });
  const expiresAt = new Date(now.getTime() + VERIFICATION_TTL_SECONDS * 1000).toISOString();
  const item: VerificationItem = {
    verificationId, purpose: 'self', certifyId,
    nameEnc: ports.cipher.encrypt('name', input.name),
    documentType: input.documentType,
    documentNumberEnc: ports.cipher.encrypt('documentNumber', input.documentNumber),
    documentHash, expiresAt,
  };
  await unlessClosing(ports.residents.putVerification(accountId, item, now), 1);
  return { verification: { id: verificationId, certifyId, url, expiresAt } };
}

/**
 * The identity a self verification proved, once the verifier says it passed; 422 otherwise (not
 * passed, quit half-way, expired, or unknown to this account).
 */
export async function verifiedSelfIdentity(ports: ResidentPorts, account: AccountItem, verificationId: string, now: Date): Promise<CertifiedIdentity> {
  const item = await ports.residents.verification(account.accountId, verificationId);
  if (!item || item.purpose !== 'self') refuseUnverified('expired', 'self');
  const result = await (await verifierFor(ports, account)).result(item.certifyId, now);
  if (result !== 'passed') refuseUnverified(result, 'self');
  return {
    name: ports.cipher.decrypt('name', item.nameEnc),
    documentType: item.documentType,
    documentNumber: ports.cipher.decrypt('documentNumber', item.documentNumberEnc),
  };
}

/** The masked view of an identity (what a confirm screen shows). */
export function maskedIdentity(identity: CertifiedIdentity) {
  return { maskedName: maskName(identity.name), documentType: identity.documentType, maskedDocument: maskDocument(identity.documentType, identity.documentNumber) };
}

/**
 * The sandbox's face step (local and review): the account that started a verification says how it
 * went: passed, failed, or quit half-way. Not a shortcut around verification: the binding still
 * asks the verifier for the result, exactly as it asks Alipay. 403 where the sandbox is not allowed;
 * 404 for a certify id that is unknown, another account's, expired or already done.
 */
export async function completeSandboxCertify(ports: ResidentPorts, accountId: string, certifyId: string, outcome: SandboxCertifyOutcome, now: Date): Promise<void> {
  const sandbox = await ports.sandbox();
  if (!sandbox) throw new ForbiddenError('测试验证仅在测试环境开放');
  if (!(await sandbox.completeCertify(certifyId, accountId, outcome, now))) throw new NotFoundError('未找到这次验证，或验证已结束，请重新发起');
}
