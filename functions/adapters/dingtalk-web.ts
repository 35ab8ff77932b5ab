/**
 * DingTalk's OAuth2 web login (扫码登录) for the console, in DingTalk's wire format:
 *
 *   POST {api}/v1.0/oauth2/userAccessToken   { clientId, clientSecret, code, grantType: authorization_code } → { accessToken, expireIn }
 *   GET  {api}/v1.0/contact/users/me          header x-acs-dingtalk-access-token                          → { unionId, nick }
 *   POST {oapi}/topapi/user/getbyunionid      { unionid } (app token)                                      → { errcode, result: { userid } }
 *   then the inspector client's /topapi/v2/user/get for the departments.
 *
 * The new API (api.dingtalk.com) answers errors with an HTTP 4xx and `{ code, message }`; a bad
 * auth code is the user's problem (401, scan again), anything else is an outage (503).
 */
import type { Clock } from './clock';
import { DependencyUnavailableError, UnauthenticatedError } from '../core/errors';
import type { OfficialIdentity, OfficialIdentityProvider } from '../core/console/officials';
import { DingTalkClient } from './dingtalk';

export const DINGTALK_API = 'https://api.dingtalk.com';

export interface DingTalkWebConfig {
  /** The web-login app's AppKey (clientId) and AppSecret; also used for the app token of user/get. */
  clientId: string;
  clientSecret: string;
  corpId: string;
  /** Base of the new API; a loopback fake in tests. */
  apiGateway?: string;
  /** Base of the old API (oapi); a loopback fake in tests. */
  gateway?: string;
  timeoutMs?: number;
}

const UNAVAILABLE = '钉钉服务暂时无法连接，请稍后再试';
const CODE_INVALID = '钉钉登录已失效，请重新扫码登录';

async function call(url: string, init: RequestInit, timeoutMs: number): Promise<{ status: number; body: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    throw new DependencyUnavailableError(UNAVAILABLE, undefined, { cause });
  }
  try {
    const body = (await response.json()) as Record<string, unknown>;
    if (typeof body !== 'object' || body === null) throw new Error('not an object');
    return { status: response.status, body };
  } catch (cause) {
    throw new DependencyUnavailableError(UNAVAILABLE, undefined, { cause });
  }
}

export function dingTalkWebProvider(cfg: DingTalkWebConfig, clock: Clock): OfficialIdentityProvider {
  const api = (cfg.apiGateway ?? DINGTALK_API).replace(/\/+$/, '');
  const timeoutMs = cfg.timeoutMs ?? 3000;
  const oapi = new DingTalkClient({ appKey: cfg.clientId, appSecret: cfg.clientSecret, corpId: cfg.corpId, gateway: cfg.gateway, timeoutMs }, clock);
  return {
    async identify(code: string): Promise<OfficialIdentity> {
      const token = await call(
        `${api}/v1.0/oauth2/userAccessToken`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: cfg.clientId, clientSecret: cfg.clientSecret, code, grantType: 'authorization_code' }) },
        timeoutMs,
      );
      if (token.status >= 400 && token.status < 500) throw new UnauthenticatedError(CODE_INVALID);
      const accessToken = token.body.accessToken;
      if (token.status !== 200 || typeof accessToken !== 'string' || !accessToken) throw new DependencyUnavailableError(UNAVAILABLE);
      const me = await call(`${api}/v1.0/contact/users/me`, { method: 'GET', headers: { 'x-acs-dingtalk-access-token': accessToken } }, timeoutMs);
      const unionId = me.body.unionId;
      if (me.status >= 400 && me.status < 500) throw new UnauthenticatedError(CODE_INVALID);
      if (me.status !== 200 || typeof unionId !== 'string' || !unionId) throw new DependencyUnavailableError(UNAVAILABLE);
      // The web login knows the person (unionId); the registry and departments use the corp's userid.
      const user = await oapi.userByUnionId(unionId);
      if (!user) throw new UnauthenticatedError('您的钉钉账号不在本单位通讯录中');
      const detail = await oapi.userDetail(user);
      return { corpId: cfg.corpId, userId: user, name: detail.name ?? (typeof me.body.nick === 'string' ? me.body.nick : undefined), departments: detail.departments };
    },
  };
}
