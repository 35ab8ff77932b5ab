/**
 * Resident accounts: sign-in and the real-name profile.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { keys } from '../../adapters/keys';
import { residentSandbox } from '../../adapters/sandbox';
import { maskDocument, maskName, maskPhone } from '../../../shared/mask';
import { profileRequestAt, type ResidentSessionRequest } from '../../../shared/api';
import { ConflictError, DependencyUnavailableError, ForbiddenError, NotConfiguredError, RuleRefusedError } from '../errors';
import { applyHolderChange, newHolderId } from '../holder-state';
import { parseInput } from './input';
import type { ResidentPorts } from './ports';

/** The account item (PK=ACCOUNT#<id>, SK=PROFILE). Personal fields are encrypted; masked ones are for display. */
export interface AccountItem {
  accountId: string;
  provider: 'alipay' | 'sandbox';
  /** Key of the identity link item, so deletion can remove it. */
  link: { PK: string; SK: string };
  certified: boolean;
  createdAt: string;
  dependentCount?: number;
  profile?: {
    nameEnc: string;
    documentType: string;
    documentNumberEnc: string;
    phoneEnc: string;
    documentHash: string;
    maskedName: string;
    maskedDocument: string;
    maskedPhone: string;
    registeredAt: string;
  };
}

export async function readAccount(ports: ResidentPorts, accountId: string): Promise<AccountItem | undefined> {
  const out = await ports.db.send(new GetCommand({ TableName: ports.tableName, Key: keys.account(accountId), ConsistentRead: true }));
  return out.Item as AccountItem | undefined;
}

function isCancelled(err: unknown): err is TransactionCanceledException {
  return (err as { name?: string })?.name === 'TransactionCanceledException';
}

/**
 * Signs a resident in and returns the account to put in the session.
 * 1. identify: sandbox (only where allowed and built in, else 403) or Alipay (oauth.token, user.info.share);
 * 2. find the account by its identity link; create account + link in one transaction on first sign-in
 *    (a concurrent first sign-in loses the race and reads the winner's link);
 * 3. keep the provider's certification flag up to date.
 */
export async function signIn(ports: ResidentPorts, request: ResidentSessionRequest, now: Date): Promise<{ accountId: string; certified: boolean; registered: boolean }> {
  let link: { PK: string; SK: string };
  let certified: boolean;
  if (request.provider === 'sandbox') {
    // The provider is loaded only where allowed, and is not even bundled for prod (adapters/sandbox).
    const sandbox = await residentSandbox(ports.sandboxAllowed);
    if (!sandbox) throw new ForbiddenError('测试登录仅在测试环境开放');
    ({ link, certified } = sandbox.identify(request.subject));
  } else {
    if (!ports.alipay) throw new NotConfiguredError('本环境未开通支付宝登录，请联系管理员');
    const identity = await ports.alipay.identify(request.authCode);
    link = keys.alipayUser(identity.userId);
    certified = identity.certified;
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await ports.db.send(new GetCommand({ TableName: ports.tableName, Key: link, ConsistentRead: true }));
    if (existing.Item) {
      const accountId = String(existing.Item.accountId);
      const account = await readAccount(ports, accountId);
      if (account) {
        if (account.certified !== certified) {
          await ports.db.send(new TransactWriteCommand({ TransactItems: [{ Update: { TableName: ports.tableName, Key: keys.account(accountId), UpdateExpression: 'SET certified = :c', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':c': certified } } }] })).catch(() => undefined);
        }
        return { accountId, certified, registered: Boolean(account.profile) };
      }
    }
    const accountId = newHolderId();
    const account: AccountItem = { accountId, provider: request.provider, link, certified, createdAt: now.toISOString(), dependentCount: 0 };
    try {
      await ports.db.send(new TransactWriteCommand({
        TransactItems: [
          // A link left by a deleted account is replaced; a live one wins the race.
          { Put: { TableName: ports.tableName, Item: { ...link, accountId, createdAt: now.toISOString() }, ...(existing.Item ? { ConditionExpression: 'accountId = :old', ExpressionAttributeValues: { ':old': existing.Item.accountId } } : { ConditionExpression: 'attribute_not_exists(PK)' }) } },
          { Put: { TableName: ports.tableName, Item: { ...keys.account(accountId), ...account }, ConditionExpression: 'attribute_not_exists(PK)' } },
        ],
      }));
      return { accountId, certified, registered: false };
    } catch (err) {
      if (!isCancelled(err)) throw err;
    }
  }
  throw new DependencyUnavailableError('登录的人较多，请稍后再试');
}

export interface MaskedProfile {
  maskedName: string;
  documentType: string;
  maskedDocument: string;
  maskedPhone: string;
}

/**
 * Registers the real-name profile of an account.
 * 1. validate (identity rules, time-dependent: birth date not in the future);
 * 2. refuse an account the provider says is not real-name certified (422);
 * 3. in ONE transaction: the document binding `DOC#<hash>` (attribute_not_exists: one account per
 *    document, else 409), the encrypted profile on the account (once), and the holder's first status,
 *    evaluated at once so authority records filed before registration apply.
 */
export async function registerProfile(ports: ResidentPorts, accountId: string, certified: boolean | undefined, body: unknown, now: Date): Promise<MaskedProfile> {
  const input = parseInput(profileRequestAt(now), body);
  const account = await readAccount(ports, accountId);
  if (!account) throw new ConflictError('账号不存在或已注销，请重新登录');
  if (account.certified === false || certified === false) throw new RuleRefusedError('请先完成支付宝实名认证');
  if (account.profile) throw new ConflictError('您已完成实名登记，无需重复提交');
  const documentHash = ports.hashDocument(input.documentType, input.documentNumber);
  const masked: MaskedProfile = {
    maskedName: maskName(input.name),
    documentType: input.documentType,
    maskedDocument: maskDocument(input.documentType, input.documentNumber),
    maskedPhone: maskPhone(input.phone),
  };
  const profile: NonNullable<AccountItem['profile']> = {
    nameEnc: ports.cipher.encrypt('name', input.name),
    documentNumberEnc: ports.cipher.encrypt('documentNumber', input.documentNumber),
    phoneEnc: ports.cipher.encrypt('phone', input.phone),
    documentHash,
    ...masked,
    registeredAt: now.toISOString(),
  };
  await applyHolderChange(ports, accountId, {
    cause: { kind: 'registration' },
    register: { holder: { maskedName: masked.maskedName, maskedDocument: masked.maskedDocument }, documentHash, accountId },
    extraItems: [
      {
        item: { Put: { TableName: ports.tableName, Item: { ...keys.documentBinding(documentHash), holderId: accountId, accountId, kind: 'account', createdAt: now.toISOString() }, ConditionExpression: 'attribute_not_exists(PK)' } },
        onConflict: () => new ConflictError('该证件已绑定其他账号。如有疑问，请联系客服'),
      },
      {
        item: { Update: { TableName: ports.tableName, Key: keys.account(accountId), UpdateExpression: 'SET profile = :p', ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(profile)', ExpressionAttributeValues: { ':p': profile } } },
        onConflict: () => new ConflictError('您已完成实名登记，无需重复提交'),
      },
    ],
  }, now);
  return masked;
}
