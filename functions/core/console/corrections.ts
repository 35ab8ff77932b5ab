/**
 * The corrections queue (纠错) from the console: the same use case as the authority routes
 * (../corrections), with the official named in every step as `name（id）`. The first decision is a
 * proposal and needs `proposer`; confirming needs `approver` and a different official, compared by
 * id so that a renamed official is still the same person.
 */
import { correctionStage, type CorrectionStore, decideCorrection, listCorrections } from '../corrections';
import { ForbiddenError, NotFoundError } from '../errors';
import { SAME_PRINCIPAL } from '../two-person';
import type { OfficialProfile } from '../../../shared/api/console';
import type { Principal } from './feed-proposals';

export const NEEDS_PROPOSER = '提出纠错处理意见需要“提交”权限，请联系管理员';
export const NEEDS_APPROVER = '确认纠错处理意见需要“审批”权限，请由审批人确认';

/** How an official appears in a correction's steps: the name for people, the id for the check. */
export function correctionActor(official: Principal): string {
  return `${official.name}（${official.id}）`;
}

export function listConsoleCorrections(store: CorrectionStore, query: unknown) {
  return listCorrections(store, query);
}

export async function decideConsoleCorrection(store: CorrectionStore, id: string, official: Principal & { roles: readonly OfficialProfile['roles'][number][] }, body: unknown, now: Date) {
  const stage = await correctionStage(store, id);
  if (!stage) throw new NotFoundError('未找到该纠错申请');
  if (stage.state === 'pending' && !official.roles.includes('proposer')) throw new ForbiddenError(NEEDS_PROPOSER);
  if (stage.state === 'in-review') {
    if (!official.roles.includes('approver')) throw new ForbiddenError(NEEDS_APPROVER);
    if (stage.proposedBy?.endsWith(`（${official.id}）`)) throw new ForbiddenError(SAME_PRINCIPAL);
  }
  // A decided correction falls through to the use case's 409; the use case re-checks the proposer's string.
  return decideCorrection(store, id, correctionActor(official), body, now);
}
