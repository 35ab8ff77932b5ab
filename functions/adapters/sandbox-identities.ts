/**
 * The sandbox identity providers themselves (stages local and review). Never import this module
 * statically: load it through ./sandbox.ts, whose build-time gate keeps it out of the prod bundles.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys, ttlAfter } from './keys';
import { sandboxInspectorProvider } from '../core/inspector/sign-in';
import { sandboxOfficialProvider } from '../core/console/officials';
import type { IdentityVerifier, SandboxCertifyOutcome } from '../core/resident/ports';
import { isConditionFailed } from './dynamodb/errors';

export { sandboxInspectorProvider };

/** The table the sandbox keeps its pending verifications in. */
export interface TableHandle {
  db: DynamoDBDocumentClient;
  tableName: string;
}

/** A resident sandbox identity: the identity link item and the certification flag of the account. */
export interface ResidentSandboxIdentity {
  link: { PK: string; SK: string };
  certified: boolean;
}

/** What the resident sandbox plays: Alipay's identity and its certify (face) service. */
export interface ResidentSandboxProvider {
  identify(subject: string): ResidentSandboxIdentity;
  /** Plays Alipay's certify service: verifications stay pending until `completeCertify` says how the step went. */
  verifier(store: TableHandle): IdentityVerifier;
  /** The sandbox's face step, done by the account that started it; false when unknown, not its own, or already done. */
  completeCertify(store: TableHandle, certifyId: string, accountId: string, outcome: SandboxCertifyOutcome, now: Date): Promise<boolean>;
}

/** Sandbox subjects starting with this are treated as accounts without real-name certification. */
export const SANDBOX_UNCERTIFIED_PREFIX = 'uncertified-';

/** The resident sandbox provider: the subject is the identity, certified unless it says otherwise. */
export const residentSandboxProvider: ResidentSandboxProvider = {
  identify: (subject) => ({ link: keys.sandboxSubject(subject), certified: !subject.startsWith(SANDBOX_UNCERTIFIED_PREFIX) }),
  verifier: (store) => ({
    async start({ accountId, now }) {
      const certifyId = `SBX${randomBytes(12).toString('hex')}`;
      await store.db.send(new PutCommand({
        TableName: store.tableName,
        Item: { ...keys.sandboxCertify(certifyId), certifyId, accountId, outcome: 'pending', expiresAt: new Date(now.getTime() + SANDBOX_CERTIFY_SECONDS * 1000).toISOString(), ...ttlAfter(now, 24 * 3600) },
        ConditionExpression: 'attribute_not_exists(PK)',
      }));
      // Not a real page: the mini-program recognises the scheme and shows the sandbox face step.
      return { certifyId, url: `sandbox://certify?certify_id=${certifyId}` };
    },
    async result(certifyId, now) {
      const out = await store.db.send(new GetCommand({ TableName: store.tableName, Key: keys.sandboxCertify(certifyId), ConsistentRead: true }));
      const item = out.Item;
      if (!item || String(item.expiresAt) <= now.toISOString()) return 'expired';
      return item.outcome === 'passed' ? 'passed' : 'not-passed';
    },
  }),
  async completeCertify(store, certifyId, accountId, outcome, now) {
    try {
      await store.db.send(new UpdateCommand({
        TableName: store.tableName,
        Key: keys.sandboxCertify(certifyId),
        UpdateExpression: 'SET outcome = :o, completedAt = :at',
        ConditionExpression: 'accountId = :a AND outcome = :pending AND expiresAt > :at',
        ExpressionAttributeValues: { ':o': outcome === 'pass' ? 'passed' : outcome === 'fail' ? 'failed' : 'quit', ':a': accountId, ':pending': 'pending', ':at': now.toISOString() },
      }));
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  },
};

/** How long a sandbox verification may be completed, like Alipay's certify id. */
export const SANDBOX_CERTIFY_SECONDS = 30 * 60;

/** What ./sandbox.ts loads. */
export const sandboxProviders = { resident: residentSandboxProvider, inspector: sandboxInspectorProvider, official: sandboxOfficialProvider };
