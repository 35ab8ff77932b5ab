/**
 * Officials' sign-in to the console. On prod an official signs in with DingTalk's OAuth2 web login
 * (扫码登录): the console's redirect carries an auth code, which DingTalk exchanges for the user's
 * identity and departments. Roles come only from the city's registry (by user, or by department);
 * on local and review a sandbox sign-in finds seeded officials in the same registry.
 */
import type { OfficialRole } from '../ports';
import type { ConsoleSessionRequest, ConsoleSessionResponse } from '../../../shared/api/console';
import { DependencyUnavailableError, ForbiddenError } from '../errors';

export const SANDBOX_OFFICIAL_CORP = 'sandbox';
export const NOT_AN_OFFICIAL = '您不是后台授权人员，请联系管理员开通';

export interface OfficialIdentity {
  corpId: string;
  userId: string;
  name?: string;
  departments: string[];
}

export interface OfficialIdentityProvider {
  identify(authCodeOrSubject: string): Promise<OfficialIdentity>;
}

export interface OfficialGrant {
  name?: string;
  roles: OfficialRole[];
}

/** The city's registry of officials: grants per user and per DingTalk department. */
export interface OfficialRegistry {
  grantsFor(identity: OfficialIdentity): Promise<OfficialGrant>;
}

export interface OfficialSignInPorts {
  dingtalk?: OfficialIdentityProvider;
  /** Present only where the stage allows sandbox identities. */
  sandbox?: OfficialIdentityProvider;
  registry: OfficialRegistry;
  issueToken(claims: { sub: string; officialRoles: OfficialRole[]; principal: string }, now: Date): Promise<{ token: string; expiresAt: string }>;
}

export const sandboxOfficialProvider: OfficialIdentityProvider = {
  async identify(subject) {
    return { corpId: SANDBOX_OFFICIAL_CORP, userId: subject, departments: [] };
  },
};

/** The official's id in tokens and the audit: corp and user id. */
export function officialId(identity: Pick<OfficialIdentity, 'corpId' | 'userId'>): string {
  return `${identity.corpId}:${identity.userId}`;
}

/**
 * 1. Identify (DingTalk, or the sandbox where allowed; else 403).
 * 2. Union the registry's roles for the user and their departments; none → 403.
 * 3. Issue an `official` session carrying the roles and the display name as principal.
 */
export async function signInOfficial(ports: OfficialSignInPorts, request: ConsoleSessionRequest, now: Date): Promise<ConsoleSessionResponse> {
  let identity: OfficialIdentity;
  if (request.provider === 'sandbox') {
    if (!ports.sandbox) throw new ForbiddenError('当前环境不支持测试账号登录');
    identity = await ports.sandbox.identify(request.subject);
  } else {
    if (!ports.dingtalk) throw new DependencyUnavailableError('钉钉登录暂未开通，请联系管理员');
    identity = await ports.dingtalk.identify(request.authCode);
  }
  const grant = await ports.registry.grantsFor(identity);
  if (grant.roles.length === 0) throw new ForbiddenError(NOT_AN_OFFICIAL);
  const id = officialId(identity);
  const name = grant.name ?? identity.name ?? '工作人员';
  const session = await ports.issueToken({ sub: id, officialRoles: grant.roles, principal: name.slice(0, 50) }, now);
  return { token: session.token, expiresAt: session.expiresAt, official: { id, name: name.slice(0, 50), roles: grant.roles } };
}
