/**
 * Alipay, the resident identity provider, through the official `alipay-sdk` (v4).
 *
 * Sign-in: `alipay.system.oauth.token` (auth code → access token and user id), then
 * `alipay.user.info.share` (is_certified). Alipay answers with `user_id` or, for apps on the OpenID
 * scheme, `open_id`; we keep whichever comes back. Responses are verified with Alipay's public key.
 *
 * Phone: the envelope of `my.getPhoneNumber` (`{ response, sign }`) is checked with `rsaCheck` over
 * the quoted `response` and opened with `aesDecrypt` (the app's AES key) to `{ mobile }`.
 *
 * Everything comes from configuration (`secrets().alipay`: appId, keys, encryptKey and an optional
 * `gateway`, so tests point it at a loopback fake gateway); nothing is hard-coded.
 */
import { AlipaySdk, AlipayRequestError } from 'alipay-sdk';
import { DependencyUnavailableError, NotConfiguredError, UnauthenticatedError, ValidationError } from '../core/errors';
import type { Secrets } from './secrets';

export type AlipayConfig = NonNullable<Secrets['alipay']> & { timeoutMs?: number };

/** Who Alipay says the user is. `userId` is either the user_id or the open_id. */
export interface AlipayIdentity {
  userId: string;
  certified: boolean;
}

/** The port the sign-in use case needs. */
export interface AlipayPort {
  identify(authCode: string): Promise<AlipayIdentity>;
  /** The mobile number inside a `my.getPhoneNumber` envelope; throws ValidationError when it is not genuine. */
  openPhoneEnvelope(response: string, sign: string): string;
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

  async function call(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    let result: Record<string, unknown>;
    try {
      result = (await sdk.exec(method, params, { validateSign: true })) as Record<string, unknown>;
    } catch (err) {
      const business = businessError((err as AlipayRequestError).responseDataRaw, method);
      if (business) return rejectBusiness(business, err);
      // Timeout, connection failure, garbage or a response that fails the signature check.
      throw new DependencyUnavailableError('支付宝服务暂时无法访问，请稍后再试', undefined, { cause: err });
    }
    if (result.subCode || (typeof result.code === 'string' && result.code !== '10000')) {
      return rejectBusiness({ code: String(result.code ?? ''), subCode: result.subCode ? String(result.subCode) : undefined }, undefined);
    }
    return result;
  }

  function rejectBusiness(business: { code?: string; subCode?: string }, cause: unknown): never {
    if (business.subCode && EXPIRED_CODE.has(business.subCode)) throw new UnauthenticatedError('支付宝授权已过期，请重新进入小程序', undefined, { cause });
    if (business.code === '40002' || business.code === '40006') throw new UnauthenticatedError('支付宝授权未通过，请重新进入小程序', undefined, { cause });
    throw new DependencyUnavailableError('支付宝服务暂时无法访问，请稍后再试', undefined, { cause });
  }

  return {
    async identify(authCode) {
      const token = await call('alipay.system.oauth.token', { grantType: 'authorization_code', code: authCode });
      const accessToken = token.accessToken;
      if (typeof accessToken !== 'string' || !accessToken) throw new DependencyUnavailableError('支付宝服务暂时无法访问，请稍后再试');
      const info = await call('alipay.user.info.share', { authToken: accessToken });
      const userId = [info.userId, info.openId, token.userId, token.openId].find((v): v is string => typeof v === 'string' && v.length > 0);
      if (!userId) throw new DependencyUnavailableError('支付宝服务暂时无法访问，请稍后再试');
      return { userId, certified: info.isCertified === 'T' || info.isCertified === true };
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
