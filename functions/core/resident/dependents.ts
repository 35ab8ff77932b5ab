/**
 * Dependents: people without a smartphone (children, the elderly) whose codes an account manages.
 *
 * A dependent is bound only after their own identity verification on the manager's phone (the
 * person faces the camera), or after an authorised inspector confirmed them in person at a
 * community service point. Until then the dependent is `pending`: no binding, no status, no code,
 * and the answers are the same whether the document is registered or not (no oracle).
 */
import { randomInt } from 'node:crypto';
import { maskDocument, maskName } from '../../../shared/mask';
import { CLAIMED_NOTICE, dependentRequestAt, type DependentSummary } from '../../../shared/api';
import { ConflictError, ForbiddenError, NotFoundError, RuleRefusedError } from '../errors';
import { applyHolderChange, closeHolder, newHolderId } from '../holder-state';
import { unlessClosing, WriteConflict } from '../store-errors';
import { parseInput } from './input';
import type { DependentItem, ResidentPorts } from './ports';
import { countAttempt, refuseUnverified, verifierFor, VERIFICATION_TTL_SECONDS, type VerificationTicket } from './verification';

export const MAX_DEPENDENTS = 5;
/** A pending dependent nobody verified or confirmed disappears after this (TTL). */
export const PENDING_DEPENDENT_SECONDS = 7 * 24 * 3600;
const CONFIRMATION_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export type { DependentItem };

const stateOf = (item: Pick<DependentItem, 'state'>) => item.state ?? 'active';

function summaryOf(item: DependentItem): DependentSummary {
  // Removed ones (tombstones) are never listed: listDependents filters them out first.
  const state = stateOf(item) as DependentSummary['state'];
  return {
    id: item.holderId,
    maskedName: item.maskedName,
    maskedDocument: item.maskedDocument,
    state,
    ...(state === 'claimed' ? { notice: CLAIMED_NOTICE } : {}),
    ...(state === 'pending' && item.confirmationCode ? { confirmationCode: item.confirmationCode } : {}),
  };
}

function newConfirmationCode(): string {
  return Array.from({ length: 8 }, () => CONFIRMATION_ALPHABET[randomInt(0, CONFIRMATION_ALPHABET.length)]).join('');
}

function readDependent(ports: Pick<ResidentPorts, 'residents'>, accountId: string, holderId: string): Promise<DependentItem | undefined> {
  return ports.residents.dependent(accountId, holderId);
}

/** Starts a verification of the dependent's stored identity; the ticket for the manager's phone. */
async function startDependentVerification(ports: ResidentPorts, accountId: string, provider: 'alipay' | 'sandbox', item: DependentItem, name: string, documentNumber: string, now: Date): Promise<VerificationTicket> {
  const verifier = await verifierFor(ports, { provider });
  const { certifyId, url } = await verifier.start({ outerOrderNo: item.holderId, identity: { name, documentType: item.documentType, documentNumber }, accountId, now });
  return { id: item.holderId, certifyId, url, expiresAt: new Date(now.getTime() + VERIFICATION_TTL_SECONDS * 1000).toISOString() };
}

/**
 * Adds a dependent, pending their identity verification. The answer is the same for every document.
 * 1. validate at `now`; the account must be registered itself, and have room (at most 5);
 * 2. count the attempt (account and document, 10 a day, else 429 with Retry-After);
 * 3. start the verification of exactly this name and document;
 * 4. write the pending DEP# item (encrypted, TTL 7 days) and its confirmation code for a service point.
 * No binding and no status yet: nothing about the person is read or revealed.
 */
export async function addDependent(ports: ResidentPorts, accountId: string, body: unknown, now: Date) {
  const input = parseInput(dependentRequestAt(now), body);
  const account = await ports.residents.account(accountId);
  if (!account?.profile) throw new ConflictError('请先完成本人实名登记，再添加家庭成员');
  if ((account.dependentCount ?? 0) >= MAX_DEPENDENTS) throw new RuleRefusedError(`最多可添加${MAX_DEPENDENTS}位家庭成员`);
  const documentHash = ports.hashDocument(input.documentType, input.documentNumber);
  await countAttempt(ports, accountId, documentHash, now);
  const holderId = newHolderId();
  const item: DependentItem = {
    holderId,
    relation: input.relation,
    nameEnc: ports.cipher.encrypt('name', input.name),
    documentType: input.documentType,
    documentNumberEnc: ports.cipher.encrypt('documentNumber', input.documentNumber),
    documentHash,
    maskedName: maskName(input.name),
    maskedDocument: maskDocument(input.documentType, input.documentNumber),
    createdAt: now.toISOString(),
    state: 'pending',
    confirmationCode: newConfirmationCode(),
  };
  const verification = await startDependentVerification(ports, accountId, account.provider, item, input.name, input.documentNumber, now);
  item.certifyId = verification.certifyId;
  try {
    await unlessClosing(ports.residents.putPendingDependent(accountId, { ...item, confirmationCode: item.confirmationCode! }, now, PENDING_DEPENDENT_SECONDS), 3);
  } catch (err) {
    if (err instanceof WriteConflict && err.failed[2]) throw new ConflictError('请先完成本人实名登记，再添加家庭成员');
    throw err;
  }
  return { dependent: summaryOf(item), verification };
}

async function pendingDependent(ports: ResidentPorts, accountId: string, holderId: string): Promise<DependentItem> {
  const item = await readDependent(ports, accountId, holderId);
  if (!item || stateOf(item) === 'removed') throw new NotFoundError('未找到这位家庭成员');
  if (stateOf(item) === 'claimed') throw new ForbiddenError(`${CLAIMED_NOTICE}，您已无法代为管理`);
  if (stateOf(item) === 'active') throw new ConflictError('这位家庭成员已完成身份验证');
  return item;
}

/** A new verification for a pending dependent (after a failure, a quit half-way or an expiry); counted like adding. */
export async function restartDependentVerification(ports: ResidentPorts, accountId: string, holderId: string, now: Date) {
  const item = await pendingDependent(ports, accountId, holderId);
  const account = await ports.residents.account(accountId);
  if (!account) throw new ForbiddenError('账号不存在或已注销，请重新登录');
  await countAttempt(ports, accountId, item.documentHash, now);
  const verification = await startDependentVerification(ports, accountId, account.provider, item, ports.cipher.decrypt('name', item.nameEnc!), ports.cipher.decrypt('documentNumber', item.documentNumberEnc!), now);
  await unlessClosing(ports.residents.setDependentCertifyId(accountId, holderId, verification.certifyId), 1);
  return { verification };
}

/**
 * Binds a pending dependent: in ONE transaction, the document binding (attribute_not_exists), the
 * DEP# item turned active (its TTL removed) and its confirmation code gone, the manager's dependent
 * count (at most 5), a check that the account is not being deleted, and the holder's first status,
 * evaluated at once (authority records filed earlier apply).
 * Only reached once the person proved who they are, so a 409 here reveals nothing to a stranger.
 */
async function bindDependent(ports: ResidentPorts, accountId: string, item: DependentItem, boundBy: NonNullable<DependentItem['boundBy']>, now: Date) {
  const binding = await ports.residents.documentBinding(item.documentHash);
  const taken = () => binding?.kind === 'account'
    ? new ConflictError(`${CLAIMED_NOTICE}，请让其本人出示健康码`)
    : new ConflictError('这位家庭成员已由其他家人添加。如有疑问，请拨打12345政务服务热线');
  await applyHolderChange(ports, item.holderId, {
    cause: { kind: 'registration' },
    register: { holder: { maskedName: item.maskedName, maskedDocument: item.maskedDocument }, documentHash: item.documentHash, accountId },
    extraItems: [
      {
        item: ports.residents.bindDocument(item.documentHash, { holderId: item.holderId, accountId, kind: 'dependent', verified: true, createdAt: now.toISOString() }),
        onConflict: taken,
      },
      { item: ports.residents.takeDependentSlot(accountId, MAX_DEPENDENTS), onConflict: () => new RuleRefusedError(`最多可添加${MAX_DEPENDENTS}位家庭成员`) },
      { item: ports.residents.activateDependent(accountId, item.holderId, boundBy, now.toISOString()), onConflict: () => new ConflictError('这位家庭成员已完成身份验证') },
      // The activation drops the code from the DEP# item: its lookup item goes too, or nothing would find it again.
      ...(item.confirmationCode ? [{ item: ports.residents.dropConfirmation(item.confirmationCode), onConflict: () => new ConflictError('这位家庭成员已完成身份验证') }] : []),
    ],
  }, now);
  return { dependent: summaryOf({ ...item, state: 'active' }) };
}

/**
 * Completes a pending dependent once their identity verification passed: 422 when it did not
 * (failed, quit half-way, mismatched name, expired), with a Chinese text that says what to do.
 */
export async function completeDependentVerification(ports: ResidentPorts, accountId: string, holderId: string, now: Date) {
  // A replay after the binding committed (its answer lost) gets the same answer, not a 409.
  const bound = await readDependent(ports, accountId, holderId);
  if (bound && stateOf(bound) === 'active' && bound.boundBy?.kind === 'verification') return { dependent: summaryOf(bound) };
  const item = await pendingDependent(ports, accountId, holderId);
  const account = await ports.residents.account(accountId);
  if (!account) throw new ForbiddenError('账号不存在或已注销，请重新登录');
  if (!item.certifyId) refuseUnverified('expired', 'dependent');
  const result = await (await verifierFor(ports, account)).result(item.certifyId, now);
  if (result !== 'passed') refuseUnverified(result, 'dependent');
  return bindDependent(ports, accountId, item, { kind: 'verification' }, now);
}

/**
 * An authorised inspector confirms a pending dependent in person at a community service point,
 * against the physical document: the confirmation code the manager's phone shows, and the document
 * number read from the document, which must be exactly the one the manager entered.
 */
export async function confirmDependentInPerson(ports: ResidentPorts, confirmationCode: string, documentType: string, documentNumber: string, inspector: { inspectorId: string; checkpointId: string }, now: Date) {
  const refused = () => new RuleRefusedError('确认码或证件不符，请核对证件后重试');
  const link = await ports.residents.dependentConfirmation(confirmationCode);
  if (!link) throw refused();
  const accountId = link.accountId;
  const item = await readDependent(ports, accountId, link.holderId);
  if (!item || stateOf(item) !== 'pending' || item.confirmationCode !== confirmationCode) throw refused();
  if (ports.hashDocument(documentType, documentNumber) !== item.documentHash) throw refused();
  const bound = await bindDependent(ports, accountId, item, { kind: 'inspector', ...inspector }, now);
  return { confirmed: true as const, dependent: { maskedName: bound.dependent.maskedName, maskedDocument: bound.dependent.maskedDocument } };
}

/** The account's dependents, masked, with their state (pending ones show their confirmation code). */
export async function listDependents(ports: ResidentPorts, accountId: string) {
  return { dependents: (await ports.residents.dependents(accountId)).filter((d) => stateOf(d) !== 'removed').map(summaryOf) };
}

/**
 * The holder a dependent route acts for: only an active dependent of this account. Anyone else's,
 * or one that does not exist, is 404 (the same answer, so ids cannot be probed); a pending one is
 * 409 (no colour, no code before verification); a claimed one is 403 (access ended).
 */
export async function dependentHolder(ports: Pick<ResidentPorts, 'residents'>, accountId: string, dependentId: string): Promise<string> {
  const item = await readDependent(ports, accountId, dependentId);
  if (!item || stateOf(item) === 'removed') throw new NotFoundError('未找到这位家庭成员');
  const state = stateOf(item);
  if (state === 'pending') throw new ConflictError('请先完成这位家庭成员的身份验证');
  if (state === 'claimed') throw new ForbiddenError(`${CLAIMED_NOTICE}，您已无法代为查看或申报`);
  return dependentId;
}

/**
 * Removes a dependent the account added (移除家庭成员). Anyone else's, or one already removed, is 404.
 * - active: in ONE transaction (holder-state's closeHolder), a last history entry `removal`, the
 *   status gone (a scanned old code finds nothing), the document binding released (the person can be
 *   added again, or register themselves), the DEP# item replaced by a tombstone without name or
 *   number, and the manager's slot freed; then the holder's declarations, check-ins, stays and
 *   corrections are erased. The history stays, pseudonymous, like an erased account's.
 * - removed (a sweep cut short): the sweep is finished. Idempotent.
 * - pending or claimed: no holder of this account's; the DEP# item (and a confirmation code) go.
 */
export async function removeDependent(ports: ResidentPorts, accountId: string, holderId: string, now: Date): Promise<void> {
  const item = await readDependent(ports, accountId, holderId);
  if (!item) throw new NotFoundError('未找到这位家庭成员');
  const state = stateOf(item);
  if (state === 'active') {
    const changed = () => new ConflictError('这位家庭成员的信息刚刚有变化，请刷新后再试');
    const closed = await closeHolder(ports, holderId, { kind: 'removal' }, [
      { item: ports.residents.markDependentRemoved(accountId, holderId, now.toISOString()), onConflict: changed },
      { item: ports.residents.unbindDependentDocument(item.documentHash, holderId, accountId), onConflict: changed },
      { item: ports.residents.releaseDependentSlot(accountId), onConflict: changed },
    ], now);
    if (!closed) throw changed();
  }
  if (state === 'active' || state === 'removed') await ports.residents.eraseHolderFacts(holderId);
  await ports.residents.forgetDependent(accountId, holderId, item.confirmationCode);
}
