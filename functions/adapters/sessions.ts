import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { secrets } from './secrets';
import { UnauthenticatedError } from '../core/errors';

export type Role = 'resident' | 'inspector' | 'authority' | 'official';

/** What a signed-in official (console user) may do, from the city's registry. */
import { OFFICIAL_ROLES, type OfficialRole } from '../core/ports';

export { OFFICIAL_ROLES, type OfficialRole };

/** What a verified session token says. `sub` is an opaque account or inspector id, never personal data. */
export interface Session {
  sub: string;
  role: Role;
  /** Inspector tokens: the checkpoints this inspector may work. */
  checkpoints?: string[];
  /** Resident tokens: whether the identity provider says the account is real-name certified. */
  certified?: boolean;
  /** Who submitted (authority principal). */
  principal?: string;
  /** Official tokens: the registry's roles of this official. */
  officialRoles?: OfficialRole[];
  /**
   * Resident requests: the holder of the account's own code, read from the account by the auth
   * middleware (never in the token). It differs from `sub` once the account took over its
   * document from somebody's dependent.
   */
  holderId?: string;
  /** Verified tokens: the issue time (epoch seconds), which inspector grant changes are compared with. */
  issuedAt?: number;
}

const ISSUER = 'lishui-health-code';
export const SESSION_TTL_SECONDS: Record<Role, number> = { resident: 2 * 3600, inspector: 12 * 3600, authority: 3600, official: 8 * 3600 };

let keyCache: Uint8Array | undefined;
async function sessionKey(): Promise<Uint8Array> {
  keyCache ??= new Uint8Array(Buffer.from((await secrets()).sessionKey, 'base64url'));
  return keyCache;
}

/** Signs a short-lived HS256 session token for a role. */
export async function issueSession(session: Session, now: Date): Promise<{ token: string; expiresAt: string }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + SESSION_TTL_SECONDS[session.role];
  const { sub, role, ...claims } = session;
  const token = await new SignJWT({ role, ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(await sessionKey());
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/**
 * Tokens this instance has verified, with the session they carry and the second they expire. A
 * gate's handheld sends the same token with every scan for hours; the HS256 check and the parsing
 * are done once per token, and every later use only compares its expiry with the request's time
 * (past expiry, or before its issue time on a moved clock, the token goes through jwtVerify again,
 * which refuses it). Bounded: cleared when full.
 */
const verified = new Map<string, { session: Session; iat: number; exp: number }>();
const VERIFIED_LIMIT = 10_000;

function copy(session: Session): Session {
  return {
    ...session,
    ...(session.checkpoints ? { checkpoints: [...session.checkpoints] } : {}),
    ...(session.officialRoles ? { officialRoles: [...session.officialRoles] } : {}),
  };
}

/** Verifies a bearer token: signature, algorithm (HS256 only, so `alg: none` fails), issuer and expiry. */
export async function verifySession(token: string, now: Date): Promise<Session> {
  const seconds = now.getTime() / 1000;
  const known = verified.get(token);
  if (known && seconds < known.exp && seconds >= known.iat) return copy(known.session);
  return verifyToken(token, now);
}

async function verifyToken(token: string, now: Date): Promise<Session> {
  // Outside the try: secrets that cannot be read are the service's 503, not the caller's bad token
  // (a 401 would sign every resident and inspector out while the parameter is missing).
  const key = await sessionKey();
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      currentDate: now,
    });
    const role = payload.role;
    if (typeof payload.sub !== 'string' || (role !== 'resident' && role !== 'inspector' && role !== 'authority' && role !== 'official')) {
      throw new UnauthenticatedError('登录凭证无效，请重新登录');
    }
    const session: Session = {
      sub: payload.sub,
      role,
      checkpoints: Array.isArray(payload.checkpoints) ? payload.checkpoints.map(String) : undefined,
      certified: typeof payload.certified === 'boolean' ? payload.certified : undefined,
      principal: typeof payload.principal === 'string' ? payload.principal : undefined,
      officialRoles: Array.isArray(payload.officialRoles)
        ? payload.officialRoles.filter((r): r is OfficialRole => (OFFICIAL_ROLES as readonly unknown[]).includes(r))
        : undefined,
      issuedAt: typeof payload.iat === 'number' ? payload.iat : undefined,
    };
    // Only tokens with an expiry and an issue time are remembered (ours always have both).
    if (typeof payload.exp === 'number' && typeof payload.iat === 'number' && payload.nbf === undefined) {
      if (verified.size >= VERIFIED_LIMIT) verified.clear();
      verified.set(token, { session: copy(session), iat: payload.iat, exp: payload.exp });
    }
    return session;
  } catch (err) {
    if (err instanceof UnauthenticatedError) throw err;
    if (err instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('登录已过期，请重新登录');
    throw new UnauthenticatedError('登录凭证无效，请重新登录');
  }
}
