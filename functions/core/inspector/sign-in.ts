import { maskName } from '../../../shared/mask';
import type { InspectorSessionRequest, InspectorSessionResponse } from '../../../shared/api/inspector';
import { ForbiddenError, NotConfiguredError } from '../errors';
import type { InspectorIdentity, InspectorIdentityProvider, InspectorRegistry } from './ports';

/** The corp that sandbox sign-ins belong to (the seed grants `demo-inspector` in it). */
export const SANDBOX_CORP_ID = 'sandbox';

export const NOT_AN_INSPECTOR = '您不是授权核验人员';

/** The sandbox provider: the subject is the user id in the sandbox corp, with no departments or roles. */
export const sandboxInspectorProvider: InspectorIdentityProvider = {
  async identify(subject: string): Promise<InspectorIdentity> {
    return { corpId: SANDBOX_CORP_ID, userId: subject, departments: [], roles: [] };
  },
};

export interface InspectorSignInPorts {
  /** Undefined when the app has no DingTalk credentials configured. */
  dingtalk?: InspectorIdentityProvider;
  /** Present only on stages that allow sandbox identities (local, review). */
  sandbox?: InspectorIdentityProvider;
  registry: InspectorRegistry;
  issueToken(claims: { sub: string; checkpoints: string[] }, now: Date): Promise<{ token: string; expiresAt: string }>;
}

/** The opaque inspector id in tokens, scan logs and rate limits: corp and provider user id, no name. */
export function inspectorId(identity: Pick<InspectorIdentity, 'corpId' | 'userId'>): string {
  return `${identity.corpId}:${identity.userId}`;
}

/**
 * Signs an inspector in.
 * 1. Pick the provider: DingTalk, or the sandbox where the stage allows it (else 403).
 * 2. Identify the user with the auth code (DingTalk: token, getuserinfo, user/get); a corpId sent by
 *    the app must be the corp the app belongs to.
 * 3. Look the user, their departments and roles up in the registry; union the checkpoints.
 * 4. No checkpoint → 403 您不是授权核验人员.
 * 5. Issue an inspector session that carries the checkpoint ids; answer with a masked name.
 */
export async function signInInspector(ports: InspectorSignInPorts, request: InspectorSessionRequest, now: Date): Promise<InspectorSessionResponse> {
  let identity: InspectorIdentity;
  if (request.provider === 'sandbox') {
    if (!ports.sandbox) throw new ForbiddenError('当前环境不支持测试账号登录');
    identity = await ports.sandbox.identify(request.subject);
  } else {
    if (!ports.dingtalk) throw new NotConfiguredError('钉钉登录暂未开通，请联系管理员');
    identity = await ports.dingtalk.identify(request.authCode);
    if (request.corpId !== undefined && request.corpId !== identity.corpId) throw new ForbiddenError(NOT_AN_INSPECTOR);
  }
  const grants = await ports.registry.grantsFor(identity);
  if (grants.checkpoints.length === 0) throw new ForbiddenError(NOT_AN_INSPECTOR);
  const session = await ports.issueToken({ sub: inspectorId(identity), checkpoints: grants.checkpoints.map((c) => c.id) }, now);
  return {
    token: session.token,
    expiresAt: session.expiresAt,
    inspector: {
      name: grants.displayName ?? (identity.name ? maskName(identity.name) : '核验员'),
      checkpoints: grants.checkpoints,
    },
  };
}
