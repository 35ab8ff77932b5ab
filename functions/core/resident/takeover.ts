/**
 * The owner always wins: a person registering with their own verified identity takes over a
 * document that somebody bound as their dependent (typed, or even verified: the person now speaks
 * for themselves). Nothing is copied: the holder keeps its id, so its status, declarations,
 * check-ins and hash-chained history stay one chain; only who holds it changes.
 */
import { AccountClosingError, ConflictError } from '../errors';
import { applyHolderChange } from '../holder-state';
import type { AccountItem, ResidentPorts } from './ports';

class LostRace extends Error {}

/**
 * Moves the holder bound to `documentHash` as a dependent to `ownerId`'s own code. Returns false
 * when the binding is not a dependent's (another account: the caller answers 409).
 * In ONE transaction, with the holder's re-evaluation (holder-state):
 * 1. the binding becomes the owner's (conditional on still being that dependent's);
 * 2. the owner's profile is set and its own holder becomes this holder;
 * 3. the former manager's DEP# item turns `claimed` and loses the encrypted name and number, and
 *    their dependent count drops: their list says 该家庭成员已自行申领健康码 and their access ends;
 * 4. the status names the owner's account and masked identity (history entry when the colour changes).
 */
export async function takeOverDependent(ports: ResidentPorts, ownerId: string, documentHash: string, profile: NonNullable<AccountItem['profile']>, now: Date): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const binding = await ports.residents.documentBinding(documentHash);
    if (!binding) return false;
    if (binding.kind !== 'dependent') return false;
    const holderId = String(binding.holderId);
    const formerManager = String(binding.accountId);
    const lost = new LostRace();
    try {
      await applyHolderChange(ports, holderId, {
        cause: { kind: 'registration', ref: 'self-claim' },
        register: { holder: { maskedName: profile.maskedName, maskedDocument: profile.maskedDocument }, documentHash, accountId: ownerId },
        extraItems: [
          { item: ports.residents.claimDependentBinding(documentHash, ownerId, holderId, formerManager, now.toISOString()), onConflict: () => lost },
          { item: ports.residents.setOwnerProfile(ownerId, profile, holderId), onConflict: () => lost },
          { item: ports.residents.markDependentClaimed(formerManager, holderId, now.toISOString()), onConflict: () => lost },
          { item: ports.residents.releaseDependentSlot(formerManager), onConflict: () => lost },
        ],
      }, now);
      return true;
    } catch (err) {
      // The former manager's account is being deleted: its binding is about to be released, and
      // registering again in a moment succeeds (functions/core/resident/deletion.ts).
      if (err instanceof AccountClosingError) {
        if (await ports.residents.closing(ownerId)) throw err;
        throw new ConflictError('该证件原有的家庭成员绑定正在解除，请稍后再试', undefined, { cause: err });
      }
      // The binding changed in between (released, or taken by somebody else): look again.
      if (err !== lost) throw err;
    }
  }
  return false;
}
