/**
 * Account deletion (注销): personal data goes, the pseudonymous audit trail stays.
 */
import { readAccount } from './accounts';
import type { ResidentPorts } from './ports';

/**
 * Deletes an account and its dependents' personal data.
 * 1. collect the holders: the account's own (which may be a holder taken over from a dependent) and
 *    each active dependent (claimed ones now belong to their owner, pending ones have no holder);
 * 2. per holder: delete every HOLDER# item except the history (status, declarations, check-ins,
 *    stays), and its document binding; without a status a scanned old code finds nothing (`not-found`);
 * 3. delete the dependents, the account (encrypted profile) and its sign-in link.
 * Corrections filed for a holder go too (their text is the resident's own words).
 * What stays: HIST# entries (holder id, colours, reason codes, times, pseudonymous causes), which
 * hash-chain verification still checks, and authority records, which belong to the authority.
 * Idempotent: deleting twice, or after a crash halfway, finishes the job.
 */
export async function deleteAccount(ports: ResidentPorts, accountId: string): Promise<void> {
  await ports.residents.eraseAccount(await readAccount(ports, accountId), accountId);
}
