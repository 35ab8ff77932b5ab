/**
 * DingTalk (钉钉) server API client for inspector sign-in, in DingTalk's own wire format:
 *
 *   GET  {gateway}/gettoken?appkey&appsecret               → { errcode, errmsg, access_token, expires_in }
 *   POST {gateway}/topapi/v2/user/getuserinfo?access_token  { code }                      → { errcode, result: { userid, name } }
 *   POST {gateway}/topapi/v2/user/get?access_token          { userid, language: zh_CN }   → { errcode, result: { userid, name, dept_id_list, role_list } }
 *
 * Every call has a deadline; a timeout, a network failure, a non-2xx answer or DingTalk's "system
 * busy" turns into DependencyUnavailableError (503). A used or expired auth code is the user's
 * problem (401, sign in again), not an outage.
 */
import type { Clock } from './clock';
import { DependencyUnavailableError, UnauthenticatedError } from '../core/errors';
import type { InspectorIdentity, InspectorIdentityProvider } from '../core/inspector/ports';

export const DINGTALK_GATEWAY = 'https://oapi.dingtalk.com';

export interface DingTalkConfig {
  appKey: string;
  appSecret: string;
  /** The organisation (企业) the app belongs to; grants in the registry are per corp. */
  corpId: string;
  /** Base URL; a loopback fake in tests. */
  gateway?: string;
  /** Deadline per HTTP call (default 3000 ms). */
  timeoutMs?: number;
}

/** DingTalk error codes we act on. */
const ERR = {
  /** 不存在的临时授权码: used, expired (codes live 5 minutes) or from another app. */
  invalidAuthCode: 40078,
  /** 不合法的 access_token / access_token 超时: fetch a fresh token and retry once. */
  invalidToken: 40014,
  expiredToken: 42001,
  /** 系统繁忙 */
  busy: -1,
} as const;

interface DingTalkReply {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

class DingTalkApiError extends Error {
  constructor(readonly errcode: number) {
    super(`dingtalk errcode ${errcode}`);
    this.name = 'DingTalkApiError';
  }
}

const UNAVAILABLE = '钉钉服务暂时无法连接，请稍后再试';

/**
 * App access tokens, per app key, kept in this Lambda instance's memory until shortly before they
 * expire. A per-instance cache is fine here (unlike state that instances must agree on): it is only
 * an optimisation. Each instance holding its own valid token is correct, DingTalk issues several
 * valid tokens per app, and a lost cache costs one extra gettoken call.
 */
const tokenCache = new Map<string, { token: string; expiresAtMs: number }>();
/** Refresh this long before DingTalk's stated expiry, so a token never dies mid-request. */
const TOKEN_MARGIN_MS = 5 * 60 * 1000;

/** Forgets cached tokens (tests that start a fresh fake server). */
export function clearDingTalkTokenCache(): void {
  tokenCache.clear();
}

export class DingTalkClient {
  private readonly gateway: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly cfg: DingTalkConfig,
    private readonly clock: Clock,
  ) {
    this.gateway = (cfg.gateway ?? DINGTALK_GATEWAY).replace(/\/+$/, '');
    this.timeoutMs = cfg.timeoutMs ?? 3000;
  }

  private async request(path: string, init: { method: 'GET' | 'POST'; query: Record<string, string>; body?: unknown }): Promise<DingTalkReply> {
    const url = `${this.gateway}${path}?${new URLSearchParams(init.query).toString()}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: init.method,
        headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      throw new DependencyUnavailableError(UNAVAILABLE, undefined, { cause });
    }
    let reply: DingTalkReply;
    try {
      reply = (await response.json()) as DingTalkReply;
    } catch (cause) {
      throw new DependencyUnavailableError(UNAVAILABLE, undefined, { cause });
    }
    if (!response.ok || typeof reply !== 'object' || reply === null) throw new DependencyUnavailableError(UNAVAILABLE);
    if (reply.errcode !== undefined && reply.errcode !== 0) throw new DingTalkApiError(Number(reply.errcode));
    return reply;
  }

  /** The app access token, from the cache while it is fresh. */
  async accessToken(forceRefresh = false): Promise<string> {
    const nowMs = this.clock.now().getTime();
    const cached = tokenCache.get(this.cfg.appKey);
    if (!forceRefresh && cached && cached.expiresAtMs - TOKEN_MARGIN_MS > nowMs) return cached.token;
    let reply: DingTalkReply;
    try {
      reply = await this.request('/gettoken', { method: 'GET', query: { appkey: this.cfg.appKey, appsecret: this.cfg.appSecret } });
    } catch (err) {
      // A rejected app key or secret is our misconfiguration; to the inspector it is an outage.
      if (err instanceof DingTalkApiError) throw new DependencyUnavailableError(UNAVAILABLE, undefined, { cause: err });
      throw err;
    }
    const token = reply.access_token;
    const expiresIn = Number(reply.expires_in ?? 7200);
    if (typeof token !== 'string' || token.length === 0) throw new DependencyUnavailableError(UNAVAILABLE);
    tokenCache.set(this.cfg.appKey, { token, expiresAtMs: nowMs + expiresIn * 1000 });
    return token;
  }

  /** Calls a topapi with the app token; a rejected token is refreshed and the call retried once. */
  private async topapi(path: string, body: unknown): Promise<DingTalkReply> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken(attempt > 0);
      try {
        return await this.request(path, { method: 'POST', query: { access_token: token }, body });
      } catch (err) {
        const tokenRejected = err instanceof DingTalkApiError && (err.errcode === ERR.invalidToken || err.errcode === ERR.expiredToken);
        if (tokenRejected && attempt === 0) continue;
        throw err;
      }
    }
  }

  /** The corp's userid of a DingTalk unionId (web login), or undefined when not in the corp. */
  async userByUnionId(unionId: string): Promise<string | undefined> {
    try {
      const reply = await this.topapi('/topapi/user/getbyunionid', { unionid: unionId });
      const userid = (reply.result as { userid?: unknown } | undefined)?.userid;
      return typeof userid === 'string' && userid ? userid : undefined;
    } catch (err) {
      // 60121找不到该用户: not a member of this corp.
      if (err instanceof DingTalkApiError && err.errcode === 60121) return undefined;
      if (err instanceof DingTalkApiError) throw new DependencyUnavailableError(UNAVAILABLE, undefined, { cause: err });
      throw err;
    }
  }

  /** Name and department ids of a userid (/topapi/v2/user/get). */
  async userDetail(userid: string): Promise<{ name?: string; departments: string[] }> {
    try {
      const detail = await this.topapi('/topapi/v2/user/get', { userid, language: 'zh_CN' });
      const result = (detail.result ?? {}) as { name?: unknown; dept_id_list?: unknown };
      return { name: typeof result.name === 'string' ? result.name : undefined, departments: Array.isArray(result.dept_id_list) ? result.dept_id_list.map(String) : [] };
    } catch (err) {
      if (err instanceof DingTalkApiError) throw new DependencyUnavailableError(UNAVAILABLE, undefined, { cause: err });
      throw err;
    }
  }

  /**
   * Who holds this auth code: userid from getuserinfo, then departments and roles from user/get.
   * @throws UnauthenticatedError for a used or expired code; DependencyUnavailableError otherwise.
   */
  async identify(authCode: string): Promise<InspectorIdentity> {
    try {
      const info = await this.topapi('/topapi/v2/user/getuserinfo', { code: authCode });
      const userid = (info.result as { userid?: unknown } | undefined)?.userid;
      if (typeof userid !== 'string' || userid.length === 0) throw new DependencyUnavailableError(UNAVAILABLE);
      const detail = await this.topapi('/topapi/v2/user/get', { userid, language: 'zh_CN' });
      const result = (detail.result ?? {}) as { name?: unknown; dept_id_list?: unknown; role_list?: unknown };
      const departments = Array.isArray(result.dept_id_list) ? result.dept_id_list.map(String) : [];
      const roles = Array.isArray(result.role_list)
        ? result.role_list.flatMap((role: unknown) => {
            const id = (role as { id?: unknown } | null)?.id;
            return id === undefined || id === null ? [] : [String(id)];
          })
        : [];
      return {
        corpId: this.cfg.corpId,
        userId: userid,
        name: typeof result.name === 'string' ? result.name : undefined,
        departments,
        roles,
      };
    } catch (err) {
      if (err instanceof DingTalkApiError) {
        if (err.errcode === ERR.invalidAuthCode) throw new UnauthenticatedError('钉钉授权已失效，请重新打开应用登录');
        throw new DependencyUnavailableError(UNAVAILABLE, undefined, { cause: err });
      }
      throw err;
    }
  }
}

/** The DingTalk provider as the sign-in use case sees it. */
export function dingTalkProvider(cfg: DingTalkConfig, clock: Clock): InspectorIdentityProvider {
  const client = new DingTalkClient(cfg, clock);
  return { identify: (authCode) => client.identify(authCode) };
}
