/**
 * Alipay, the resident identity provider, through the official `alipay-sdk` (v4).
 *
 * Sign-in: `alipay.system.oauth.token` (auth code → access token and user id), then
 * `alipay.user.info.share` (is_certified and, for a government app granted them, the certified
 * `user_name`, `cert_type`, `cert_no`). Alipay answers with `user_id` or, for apps on the OpenID
 * scheme, `open_id`; we keep whichever comes back. Responses are verified with Alipay's public key.
 *
 * Identity verification (支付宝身份验证): `alipay.user.certify.open.initialize` with a CERT_INFO
 * identity gives a certify id; `alipay.user.certify.open.certify` is a signed page URL (built
 * locally, no call) that the mini-program opens with `my.startAPVerify`; `alipay.user.certify.open.query`
 * says whether that exact person passed.
 *
 * Phone: the envelope of `my.getPhoneNumber` (`{ response, sign }`) is checked with `rsaCheck` over
 * the quoted `response` and opened with `aesDecrypt` (the app's AES key) to `{ mobile }`.
 *
 * Everything comes from configuration (`secrets().alipay`: appId, keys, encryptKey and an optional
 * `gateway`, so tests point it at a loopback fake gateway); nothing is hard-coded.
 */
import type { AlipayIdentity, AlipayPort, CertifiedIdentity, VerificationResult } from '../core/ports';
import { AlipaySdk, AlipayRequestError } from 'alipay-sdk';
import { DependencyUnavailableError, NotConfiguredError, RuleRefusedError, UnauthenticatedError, ValidationError } from '../core/errors';
import type { Secrets } from './secrets';
import { validateDocument, type DocumentType } from '../../shared/identity';

export type AlipayConfig = NonNullable<Secrets['alipay']> & { timeoutMs?: number };

export type { AlipayIdentity, AlipayPort, CertifiedIdentity, VerificationResult };

/**
 * Alipay's `cert_type` codes in user.info.share → our document types. 0身份证, 1护照, 4回乡证 and
 * 11港澳居民来往内地通行证 (HK/Macau permits), 8台胞证 and 12台湾居民来往大陆通行证. Others (军官证,
 * 户口簿, 营业执照, …) have no code of ours: such an account verifies a typed document instead.
 */
export const ALIPAY_CERT_TYPES: Readonly<Record<string, DocumentType>> = {
  '0': 'resident-id', '1': 'passport', '4': 'hk-macau-permit', '11': 'hk-macau-permit', '8': 'taiwan-permit', '12': 'taiwan-permit',
};

/** Our document types → the `cert_type` of a CERT_INFO identity in certify.open.initialize. */
export const CERTIFY_CERT_TYPES: Readonly<Record<DocumentType, string>> = {
  'resident-id': 'IDENTITY_CARD', 'hk-macau-permit': 'HOME_VISIT_PERMIT_HK_MC', 'taiwan-permit': 'HOME_VISIT_PERMIT_TAIWAN', passport: 'PASSPORT',
};

/** Sub codes of certify.open.query meaning the certify id is no longer valid (verification must start again). */
const EXPIRED_CERTIFY = /CERTIFY_BILL_NOT_EXIST|CERTIFY_ID_(?:INVALID|EXPIRED|NOT_EXIST)|CERTIFY_EXPIRED/i;

/** The certified identity inside a user.info.share answer, if complete, mapped and well-formed. */
export function certifiedIdentityOf(info: Record<string, unknown>, now: Date): CertifiedIdentity | undefined {
  const name = typeof info.userName === 'string' ? info.userName.normalize('NFKC').trim() : '';
  const documentType = typeof info.certType === 'string' ? ALIPAY_CERT_TYPES[info.certType] : undefined;
  if (!name || !documentType || typeof info.certNo !== 'string') return undefined;
  const checked = validateDocument(documentType, info.certNo, now);
  return checked.ok ? { name, documentType, documentNumber: checked.number } : undefined;
}

const EXPIRED_CODE = new Set(['isv.code-invalid', 'isv.code-expired', 'isv.auth-code-invalid', 'isv.invalid-auth-code', 'aop.invalid-auth-token', 'aop.auth-token-time-out', 'isv.invalid-token']);

/** The business error inside a raw gateway answer (`error_response` or `<method>_response` with a sub_code), if any. */
function businessError(raw: string | undefined, method: string): { code?: string; subCode?: string } | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Record<string, { code?: string; sub_code?: string } | undefined>;
    const body = parsed[`${method.replaceAll('.', '_')}_response`] ?? parsed.error_response;
    if (body && (body.sub_code || (body.code && body.code !== '10000'))) return { code: body.code, subCode: body.sub_code };
  } catch {
    return undefined;
  }
  return undefined;
}

export function alipayClient(config: AlipayConfig): AlipayPort {
  const sdk = new AlipaySdk({
    appId: config.appId,
    privateKey: config.privateKey,
    alipayPublicKey: config.alipayPublicKey,
    encryptKey: config.encryptKey,
    keyType: 'PKCS8',
    timeout: config.timeoutMs ?? 3000,
    ...(config.gateway ? { gateway: config.gateway } : {}),
  });

  type Business = { code?: string; subCode?: string };

  /** One signed call: the verified answer, or Alipay's business error. Anything else is a 503. */
  async function callRaw(method: string, params: Record<string, unknown>): Promise<{ ok: Record<string, unknown> } | { business: Business; cause: unknown }> {
    let result: Record<string, unknown>;
    try {
      result = (await sdk.exec(method, params, { validateSign: true })) as Record<string, unknown>;
    } catch (err) {
      const business = businessError((err as AlipayRequestError).responseDataRaw, method);
      if (business) return { business, cause: err };
      // Timeout, connection failure, garbage or a response that fails the signature check.
      throw new DependencyUnavailableError('支付宝服务暂时无法访问，请稍后再试', undefined, { cause: err });
    }
    if (result.subCode || (typeof result.code === 'string' && result.code !== '10000')) {
      return { business: { code: String(result.code ?? ''), subCode: result.subCode ? String(result.subCode) : undefined }, cause: undefined };
    }
    return { ok: result };
  }

  /** user.info.share's answer when the user granted auth_base only. */
  const USER_DECLINED_SCOPE = 'isv.insufficient-user-permissions';

  async function call(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const answer = await callRaw(method, params);
    if ('business' in answer) return rejectBusiness(answer.business, answer.cause);
    return answer.ok;
  }

  function rejectBusiness(business: { code?: string; subCode?: string }, cause: unknown): never {
    if (business.subCode && EXPIRED_CODE.has(business.subCode)) throw new UnauthenticatedError('支付宝授权已过期，请重新进入小程序', undefined, { cause });
    if (business.code === '40002' || business.code === '40006') throw new UnauthenticatedError('支付宝授权未通过，请重新进入小程序', undefined, { cause });
    throw new DependencyUnavailableError('支付宝服务暂时无法访问，请稍后再试', undefined, { cause });
  }

  return {
    async identify(authCode, now) {
      const token = await call('alipay.system.oauth.token', { grantType: 'authorization_code', code: authCode });
      const accessToken = token.accessToken;
      if (typeof accessToken !== 'string' || !accessToken) throw new DependencyUnavailableError('支付宝服务暂时无法访问，请稍后再试');
      const shared = await callRaw('alipay.user.info.share', { authToken: accessToken });
      if ('business' in shared) {
        // Only auth_base was granted (the resident declined auth_user): the token still names the user.
        const tokenUser = [token.userId, token.openId].find((v): v is string => typeof v === 'string' && v.length > 0);
        if (shared.business.subCode === USER_DECLINED_SCOPE && tokenUser) return { userId: tokenUser, certified: true, limited: true };
        return rejectBusiness(shared.business, shared.cause);
      }
      const info = shared.ok;
      const userId = [info.userId, info.openId, token.userId, token.openId].find((v): v is string => typeof v === 'string' && v.length > 0);
      if (!userId) throw new DependencyUnavailableError('支付宝服务暂时无法访问，请稍后再试');
      const identity = now ? certifiedIdentityOf(info, now) : undefined;
      return { userId, certified: info.isCertified !== 'F' && info.isCertified !== false, ...(identity ? { identity } : {}) };
    },
    async startVerification({ outerOrderNo, identity, returnUrl }) {
      const answer = await callRaw('alipay.user.certify.open.initialize', {
        bizContent: {
          outer_order_no: outerOrderNo,
          biz_code: 'FACE',
          identity_param: { identity_type: 'CERT_INFO', cert_type: CERTIFY_CERT_TYPES[identity.documentType], cert_name: identity.name, cert_no: identity.documentNumber },
          // Back to this mini-program once the face step ends (the client reads the result from the server).
          merchant_config: { return_url: returnUrl ?? `alipays://platformapi/startapp?appId=${config.appId}` },
        },
      });
      // Our request refused (keys, product not signed, bad parameters): our side to fix, never the resident's.
      if ('business' in answer) {
        if (/CERT|IDENTITY/i.test(answer.business.subCode ?? '')) throw new RuleRefusedError('证件信息无法验证，请核对姓名和证件号码', undefined, { cause: answer.cause });
        throw new DependencyUnavailableError('支付宝身份验证暂时无法使用，请稍后再试', undefined, { cause: answer.cause });
      }
      const init = answer.ok;
      const certifyId = init.certifyId;
      if (typeof certifyId !== 'string' || !certifyId) throw new DependencyUnavailableError('支付宝服务暂时无法访问，请稍后再试');
      // certify.open.certify is a page: a signed URL built here, opened by the client.
      const url = sdk.pageExecute('alipay.user.certify.open.certify', 'GET', { bizContent: { certify_id: certifyId } });
      return { certifyId, url };
    },
    async verificationResult(certifyId) {
      const answer = await callRaw('alipay.user.certify.open.query', { bizContent: { certify_id: certifyId } });
      if ('business' in answer) {
        if (EXPIRED_CERTIFY.test(answer.business.subCode ?? '')) return 'expired';
        throw new DependencyUnavailableError('支付宝身份验证暂时无法使用，请稍后再试', undefined, { cause: answer.cause });
      }
      // `passed` is "T" or "F" (F also while the person has not finished, or quit half-way).
      return [answer.ok.passed].flat()[0] === 'T' ? 'passed' : 'not-passed';
    },
    openPhoneEnvelope(response, sign) {
      const invalid = () => new ValidationError('手机号授权信息无效，请重新授权');
      if (!config.encryptKey) throw new NotConfiguredError('本环境未开通支付宝手机号授权，请手动填写');
      let genuine = false;
      try {
        genuine = sdk.rsaCheck(`"${response}"`, sign);
      } catch {
        genuine = false;
      }
      if (!genuine) throw invalid();
      let mobile: unknown;
      try {
        mobile = (JSON.parse(sdk.aesDecrypt(response)) as { mobile?: unknown }).mobile;
      } catch {
        throw invalid();
      }
      if (typeof mobile !== 'string' || !/^1[3-9]\d{9}$/.test(mobile)) throw invalid();
      return mobile;
    },
  };
}
