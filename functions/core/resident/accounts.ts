/**
 * Resident accounts: sign-in and the real-name profile.
 */
import { maskPhone } from '../../../shared/mask';
import { profileFromAlipayRequest, profileFromVerificationRequest, profileRequestAt, type ResidentSessionRequest } from '../../../shared/api';
import { ConflictError, DependencyUnavailableError, ForbiddenError, NotConfiguredError, RuleRefusedError } from '../errors';
import { applyHolderChange, newHolderId } from '../holder-state';
import { parseInput } from './input';
import type { AccountItem, CertifiedIdentity, LinkKey, ResidentPorts } from './ports';

export type { AccountItem };
import { countAttempt, maskedIdentity, verifiedSelfIdentity } from './verification';
import { takeOverDependent } from './takeover';

/**
 * Signs a resident in and returns the account to put in the session.
 * 1. identify: sandbox (only where allowed and built in, else 403) or Alipay (oauth.token, user.info.share);
 * 2. find the account by its identity link; create account + link in one transaction on first sign-in
 *    (a concurrent first sign-in loses the race and reads the winner's link);
 * 3. keep the provider's certification flag up to date.
 */
export async function signIn(ports: ResidentPorts, request: ResidentSessionRequest, now: Date): Promise<{ accountId: string; certified: boolean; registered: boolean; certifiedIdentity?: ReturnType<typeof maskedIdentity> }> {
  let link: LinkKey;
  let certified: boolean;
  let identity: CertifiedIdentity | undefined;
  let limited = false;
  if (request.provider === 'sandbox') {
    // The provider is there only where allowed, and is not even bundled for prod (adapters/sandbox).
    const sandbox = await ports.sandbox();
    if (!sandbox) throw new ForbiddenError('测试登录仅在测试环境开放');
    ({ link, certified } = sandbox.identify(request.subject));
  } else {
    if (!ports.alipay) throw new NotConfiguredError('支付宝登录暂未开通，请稍后再试');
    const alipayIdentity = await ports.alipay.identify(request.authCode, now);
    link = ports.residents.alipayLink(alipayIdentity.userId);
    certified = alipayIdentity.certified;
    identity = alipayIdentity.identity;
    limited = alipayIdentity.limited === true;
  }
  const storedIdentity = identity
    ? { nameEnc: ports.cipher.encrypt('name', identity.name), documentType: identity.documentType, documentNumberEnc: ports.cipher.encrypt('documentNumber', identity.documentNumber) }
    : undefined;
  const shown = identity ? { certifiedIdentity: maskedIdentity(identity) } : {};
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await ports.residents.linkedAccount(link);
    if (existing !== undefined) {
      const accountId = existing;
      const account = await ports.residents.account(accountId);
      if (account) {
        // An auth_base sign-in knows nothing new about certification: the stored flag stands.
        if (limited) return { accountId, certified: account.certified, registered: Boolean(account.profile) };
        if (account.certified !== certified || storedIdentity) await ports.residents.refreshCertification(accountId, certified, storedIdentity);
        return { accountId, certified, registered: Boolean(account.profile), ...shown };
      }
    }
    const accountId = newHolderId();
    const account: AccountItem = { accountId, provider: request.provider, link, certified, createdAt: now.toISOString(), dependentCount: 0, ...(storedIdentity ? { certifiedIdentity: storedIdentity } : {}) };
    // A link left by a deleted account is replaced; a live one wins the race.
    if (await ports.residents.createAccount(account, existing)) return { accountId, certified, registered: false, ...shown };
  }
  throw new DependencyUnavailableError('登录的人较多，请稍后再试');
}

export interface MaskedProfile {
  maskedName: string;
  documentType: string;
  maskedDocument: string;
  maskedPhone: string;
}

/** The identity and phone a profile request carries, by its kind. */
type ProfileInput = { identity: CertifiedIdentity; phone: string };

/**
 * The identity of a profile request, which is never simply what was typed:
 * - `{ identity: "alipay", phone }`: the identity Alipay certified for this account (user.info.share);
 * - `{ verificationId, phone }`: the identity a passed identity verification proved;
 * - `{ name, documentType, documentNumber, phone }`: on a sandbox account (local, review), the
 *   sandbox plays Alipay and this first profile is the account's certified identity; on an Alipay
 *   account, only when it is exactly the identity Alipay certified, else 422.
 */
async function profileInput(ports: ResidentPorts, account: AccountItem, body: unknown, now: Date): Promise<ProfileInput> {
  const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const certified = account.certifiedIdentity
    ? { name: ports.cipher.decrypt('name', account.certifiedIdentity.nameEnc), documentType: account.certifiedIdentity.documentType, documentNumber: ports.cipher.decrypt('documentNumber', account.certifiedIdentity.documentNumberEnc) }
    : undefined;
  if ('verificationId' in fields) {
    const input = parseInput(profileFromVerificationRequest, body);
    return { identity: await verifiedSelfIdentity(ports, account, input.verificationId, now), phone: input.phone };
  }
  if ('identity' in fields) {
    const input = parseInput(profileFromAlipayRequest, body);
    if (!certified) throw new RuleRefusedError('未获取到支付宝实名信息，请先完成支付宝身份验证');
    return { identity: certified, phone: input.phone };
  }
  const input = parseInput(profileRequestAt(now), body);
  const typed: CertifiedIdentity = { name: input.name, documentType: input.documentType, documentNumber: input.documentNumber };
  if (account.provider === 'sandbox') return { identity: typed, phone: input.phone };
  if (!certified) throw new RuleRefusedError('请先完成支付宝身份验证，验证通过后再登记');
  if (certified.name !== typed.name || certified.documentType !== typed.documentType || certified.documentNumber !== typed.documentNumber) {
    throw new RuleRefusedError('姓名和证件须与支付宝实名信息一致，请直接确认支付宝实名信息');
  }
  return { identity: certified, phone: input.phone };
}

/**
 * Registers the real-name profile of an account from a verified identity (see profileInput).
 * 1. refuse an account the provider says is not real-name certified (422);
 * 2. the identity: Alipay's certified one, a passed verification's, or the sandbox's first profile;
 * 3. count the attempt (account and document, 10 a day, else 429 with Retry-After);
 * 4. in ONE transaction: the document binding `DOC#<hash>` (attribute_not_exists), the encrypted
 *    profile on the account (once), and the holder's first status, evaluated at once so authority
 *    records filed before registration apply;
 * 5. the document bound as somebody's dependent: the owner wins (./takeover); bound to another
 *    account: 409.
 */
export async function registerProfile(ports: ResidentPorts, accountId: string, certified: boolean | undefined, body: unknown, now: Date): Promise<MaskedProfile> {
  const account = await ports.residents.account(accountId);
  if (!account) throw new ConflictError('账号不存在或已注销，请重新登录');
  if (account.certified === false || certified === false) throw new RuleRefusedError('请先完成支付宝实名认证');
  if (account.profile) throw new ConflictError('您已完成实名登记，无需重复提交');
  const { identity, phone } = await profileInput(ports, account, body, now);
  const documentHash = ports.hashDocument(identity.documentType, identity.documentNumber);
  await countAttempt(ports, accountId, documentHash, now);
  const masked: MaskedProfile = { ...maskedIdentity(identity), maskedPhone: maskPhone(phone) };
  const profile: NonNullable<AccountItem['profile']> = {
    nameEnc: ports.cipher.encrypt('name', identity.name),
    documentNumberEnc: ports.cipher.encrypt('documentNumber', identity.documentNumber),
    phoneEnc: ports.cipher.encrypt('phone', phone),
    documentHash,
    ...masked,
    registeredAt: now.toISOString(),
  };
  const bound = new ConflictError('该证件已绑定其他账号。如有疑问，请拨打12345政务服务热线');
  try {
    await applyHolderChange(ports, accountId, {
      cause: { kind: 'registration' },
      register: { holder: { maskedName: masked.maskedName, maskedDocument: masked.maskedDocument }, documentHash, accountId },
      extraItems: [
        {
          item: ports.residents.bindDocument(documentHash, { holderId: accountId, accountId, kind: 'account', verified: true, createdAt: now.toISOString() }),
          onConflict: () => bound,
        },
        {
          item: ports.residents.setProfile(accountId, profile),
          onConflict: () => new ConflictError('您已完成实名登记，无需重复提交'),
        },
      ],
    }, now);
  } catch (err) {
    if (err !== bound) throw err;
    // The owner always wins over a dependent binding; another account keeps its own document.
    if (!(await takeOverDependent(ports, accountId, documentHash, profile, now))) throw bound;
  }
  return masked;
}
