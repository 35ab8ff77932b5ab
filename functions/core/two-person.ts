/**
 * The two-person rule (双人复核): a decision that raises a colour or withdraws a record is made by
 * a second official, never by the one who proposed it. One function, so every two-step decision
 * (feed proposals, corrections, risk areas, rulesets) refuses the same way.
 */
import { ForbiddenError } from './errors';

export const SAME_PRINCIPAL = '提议人不能审批自己的提议，请由另一位审批人审批';

/** Throws 403 unless `approver` is a known principal other than `proposer`. */
export function assertSecondPrincipal(proposer: string, approver: string): void {
  if (!proposer || !approver || proposer.trim() === approver.trim()) throw new ForbiddenError(SAME_PRINCIPAL);
}
