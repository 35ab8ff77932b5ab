/**
 * Every kind of credential the access matrix tries: none, expired, signed with another key,
 * `alg: none`, a garbage token, and a valid token of each role, minted with the stack's own
 * session key (SECRETS_JSON must be the running stack's secrets).
 */
import { randomBytes } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { issueSession, SESSION_TTL_SECONDS, type Role } from '../../functions/adapters/sessions';
import { documentClient } from '../../functions/adapters/dynamo';
import { config } from '../../functions/adapters/config';
import { keys } from '../../functions/adapters/keys';

export type CredentialKind = 'none' | 'garbage' | 'expired' | 'other-key' | 'alg-none' | 'bad-authority-key' | Role;

export const ATTACKS: CredentialKind[] = ['none', 'garbage', 'expired', 'other-key', 'alg-none'];
export const ROLES: Role[] = ['resident', 'inspector', 'authority', 'official'];

const CLAIMS: Record<Role, Record<string, unknown>> = {
  resident: { certified: true },
  inspector: { checkpoints: ['demo-gate'] },
  authority: { principal: 'matrix-authority' },
  // Every console role, so each console route's own role check is past auth.
  official: { officialRoles: ['viewer', 'proposer', 'approver', 'admin'] },
};

export interface Credentials {
  headers(kind: CredentialKind): Record<string, string>;
}

/** Mints one credential of every kind for the subject `sub` (use a fresh subject per run). */
export async function mintCredentials(sub: string, now: Date = new Date()): Promise<Credentials> {
  const valid: Partial<Record<Role, string>> = {};
  for (const role of ROLES) valid[role] = (await issueSession({ sub: `${sub}-${role}`, role, ...CLAIMS[role] }, now)).token;
  // A resident token is only as good as its account (a deleted account's token is 401): create it.
  await documentClient().send(new PutCommand({
    TableName: config().tableName,
    Item: { ...keys.account(`${sub}-resident`), accountId: `${sub}-resident`, provider: 'sandbox', link: keys.sandboxSubject(`${sub}-resident`), certified: true, createdAt: now.toISOString(), dependentCount: 0 },
  }));
  const longAgo = new Date(now.getTime() - (SESSION_TTL_SECONDS.inspector + 3600) * 1000);
  const expired = (await issueSession({ sub: `${sub}-resident`, role: 'resident' }, longAgo)).token;
  const otherKey = await new SignJWT({ role: 'authority', principal: 'forged' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(`${sub}-forged`)
    .setIssuer('lishui-health-code')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(randomBytes(32));
  const algNone = new UnsecuredJWT({ role: 'authority', principal: 'forged' })
    .setSubject(`${sub}-forged`)
    .setIssuer('lishui-health-code')
    .setIssuedAt()
    .setExpirationTime('1h')
    .encode();
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return {
    headers(kind): Record<string, string> {
      switch (kind) {
        case 'none':
          return {};
        case 'garbage':
          return bearer('not.a.token');
        case 'expired':
          return bearer(expired);
        case 'other-key':
          return bearer(otherKey);
        case 'alg-none':
          return bearer(algNone);
        case 'bad-authority-key':
          return { 'x-authority-key': 'guessed-authority-key' };
        default:
          return bearer(valid[kind] as string);
      }
    },
  };
}
