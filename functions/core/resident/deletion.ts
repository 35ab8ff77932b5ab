/**
 * Account deletion (注销): personal data goes, the pseudonymous audit trail stays.
 *
 * Deletion is a state, not a race (docs/architecture.md, "Invariants under concurrency"):
 * 1. a conditional put of the account's closing mark. Every other write of the account or its
 *    dependents (registration, declarations, check-ins, dependents, corrections, verifications,
 *    sign-in refreshes, feeds' and jobs' re-evaluations) carries a check of that mark in its own
 *    transaction (`ResidentStore.accountOpen`, holder-state's `account-open`), so once the mark is in,
 *    every such write loses with 409 and writes nothing, and every write that won is already stored;
 * 2. what is to be erased is read then (the account's own holder, every dependent's holder in any
 *    state but claimed, bindings, confirmation codes, the sign-in link) and recorded on the mark;
 * 3. erase, read back, and only when nothing is left, in one transaction: the account item goes and
 *    the mark turns closed. Then, and only then, 204. Otherwise a few more passes, else a 503: the
 *    account is still there, so the same DELETE runs again and finishes the job, and the deletion
 *    sweep (a scheduled job) finishes any deletion nobody retried.
 * What stays: HIST# entries (holder id, colours, reason codes, times, pseudonymous causes), which
 * hash-chain verification still checks, and authority records, which belong to the authority.
 */
import { DependencyUnavailableError } from '../errors';
import type { ErasureTargets, ResidentPorts } from './ports';

/** Erase-and-read-back passes of one request before it answers 503 (a retry or the sweep goes on). */
export const ERASE_PASSES = 3;
/** The sweep leaves a deletion this young alone: its own request is most likely still at work. */
export const SWEEP_GRACE_SECONDS = 120;
/** Deletions one sweep run finishes at most (each is a few dozen requests). */
export const SWEEP_BATCH = 50;

/** What deletion needs: the resident's store and the holders' statuses. */
export type DeletionPorts = Pick<ResidentPorts, 'residents' | 'readStatus'>;

/** Deletes an account and its dependents' personal data; resolves only once nothing personal is left. */
export async function deleteAccount(ports: DeletionPorts, accountId: string, now: Date): Promise<void> {
  await ports.residents.markClosing(accountId, now.toISOString());
  await finishDeletion(ports, accountId, now);
}

/** Everything the account's items say is to be erased now (read after the mark: nothing is added any more). */
async function currentTargets(ports: DeletionPorts, accountId: string): Promise<ErasureTargets> {
  const [account, dependents] = await Promise.all([ports.residents.account(accountId), ports.residents.dependents(accountId)]);
  const own = account?.holderId ?? accountId;
  // A claimed dependent's holder belongs to its owner now; every other state's leftovers go
  // (a removed one's facts whose sweep was cut short, a pending one's code).
  const mine = dependents.filter((d) => (d.state ?? 'active') !== 'claimed');
  const targets: ErasureTargets = {
    holderIds: [own, ...mine.map((d) => d.holderId)],
    bindings: [
      ...(account?.profile ? [{ documentHash: account.profile.documentHash, holderId: own }] : []),
      ...mine.filter((d) => d.documentHash).map((d) => ({ documentHash: d.documentHash, holderId: d.holderId })),
    ],
    confirmationCodes: dependents.flatMap((d) => (d.confirmationCode ? [d.confirmationCode] : [])),
    links: account?.link ? [account.link] : [],
  };
  // A status names its document too (a holder taken over keeps its binding's hash there).
  for (const holderId of targets.holderIds) {
    const status = await ports.readStatus(holderId, true);
    if (status?.documentHash) targets.bindings.push({ documentHash: status.documentHash, holderId });
  }
  return targets;
}

function union(a: ErasureTargets | undefined, b: ErasureTargets): ErasureTargets {
  const uniq = <T>(list: T[], key: (t: T) => string) => [...new Map(list.map((t) => [key(t), t])).values()];
  return {
    holderIds: uniq([...(a?.holderIds ?? []), ...b.holderIds], (h) => h),
    bindings: uniq([...(a?.bindings ?? []), ...b.bindings], (x) => `${x.documentHash}:${x.holderId}`),
    confirmationCodes: uniq([...(a?.confirmationCodes ?? []), ...b.confirmationCodes], (c) => c),
    links: uniq([...(a?.links ?? []), ...b.links], (l) => `${l.PK}:${l.SK}`),
  };
}

/**
 * Finishes a deletion whose mark is in (the request's own, a retry, or the sweep). Idempotent;
 * resolves when the account is gone, else 503 in Chinese with the account still there to retry.
 */
export async function finishDeletion(ports: DeletionPorts, accountId: string, now: Date): Promise<void> {
  const mark = await ports.residents.closing(accountId);
  if (mark?.state === 'closed') return;
  const targets = union(mark?.targets, await currentTargets(ports, accountId));
  // A concurrent run (a double tap, the sweep) finished in between: nothing is left to do.
  if (!(await ports.residents.recordErasureTargets(accountId, targets))) return;
  for (let pass = 1; pass <= ERASE_PASSES; pass++) {
    await ports.residents.eraseTargets(accountId, targets);
    if ((await ports.residents.erasureLeftovers(accountId, targets)).length === 0) {
      await ports.residents.finishClosing(accountId, now);
      return;
    }
  }
  throw new DependencyUnavailableError('注销尚未全部完成，请稍后再次提交注销，系统也会自动继续完成');
}

/**
 * The deletion sweep (scheduled job `deletion-sweep`): finishes every deletion begun at least
 * SWEEP_GRACE_SECONDS ago and not finished (its request died, or answered 503 and nobody retried).
 */
export async function sweepDeletions(ports: DeletionPorts, now: Date): Promise<{ found: number; finished: number; unfinished: number }> {
  const before = new Date(now.getTime() - SWEEP_GRACE_SECONDS * 1000).toISOString();
  const accounts = await ports.residents.unfinishedClosings(before, SWEEP_BATCH);
  let finished = 0;
  for (const accountId of accounts) {
    try {
      await finishDeletion(ports, accountId, now);
      finished++;
    } catch (err) {
      if (!(err instanceof DependencyUnavailableError)) throw err;
    }
  }
  return { found: accounts.length, finished, unfinished: accounts.length - finished };
}
