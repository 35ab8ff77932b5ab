/**
 * Looking a person up (按证件查询) from the console: a document number and a stated reason give the
 * masked holder, the colour with its reasons and the colour history, never a name or number in
 * clear. Every lookup, found or not, is an entry of the officials' decision log (who, why, which
 * masked document) written before the answer, and each official has a per-minute limit. Nobody
 * registered under the document is an answer (`found: false`), not an error: it is logged the same.
 */
import { randomBytes } from 'node:crypto';
import { LOOKUPS_PER_MINUTE, type AuditEntry, type PersonLookupRequest, type PersonLookupResponse } from '../../../shared/api/console';
import { maskDocument } from '../../../shared/mask';
import { RateLimitedError } from '../errors';
import { historyWithStatus, verifyHistoryChain, type HistoryEntry, type StoredStatus } from '../holder-state';
import type { RateLimiter } from '../inspector/ports';
import { chainAuditEntry, type AuditHead } from './audit-chain';
import type { Principal } from './feed-proposals';

export interface PersonLookupPorts {
  documentHash(documentType: string, documentNumber: string): Promise<string>;
  holderOfDocument(documentHash: string): Promise<string | undefined>;
  readStatus(holderId: string): Promise<StoredStatus | undefined>;
  loadHistory(holderId: string): Promise<HistoryEntry[]>;
  rateLimiter: RateLimiter;
  /** Appends one entry to the decision log (the store chains it after the head). */
  appendAudit(entry: (head: AuditHead) => AuditEntry): Promise<void>;
}

const HISTORY_SHOWN = 50;

export function newLookupId(now: Date): string {
  return `LK-${now.toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(4).toString('hex')}`;
}

export async function lookUpPerson(ports: PersonLookupPorts, request: PersonLookupRequest, official: Principal, now: Date): Promise<PersonLookupResponse> {
  const rate = await ports.rateLimiter.consume(`console-lookup:${official.id}`, LOOKUPS_PER_MINUTE, now);
  if (!rate.allowed) throw new RateLimitedError(`查询过于频繁，每分钟最多${LOOKUPS_PER_MINUTE}次，请${rate.retryAfterSeconds}秒后再试`, rate.retryAfterSeconds);

  const holderId = await ports.holderOfDocument(await ports.documentHash(request.documentType, request.documentNumber));
  const status = holderId ? await ports.readStatus(holderId) : undefined;
  const lookupId = newLookupId(now);
  // Logged before anything is answered: a lookup that is not in the log never returns data.
  await ports.appendAudit((head) =>
    chainAuditEntry(head, {
      at: now.toISOString(),
      action: 'person-lookup',
      proposalId: lookupId,
      proposer: official,
      lookup: { maskedDocument: maskDocument(request.documentType, request.documentNumber), reason: request.reason, found: Boolean(status) },
    }),
  );
  if (!holderId || !status) return { lookupId, found: false };

  // The status read above said whether anybody was found; the chain is checked on one moment's reads.
  const snapshot = await historyWithStatus(ports, holderId);
  const entries = snapshot.entries;
  const current = snapshot.status ?? status;
  return {
    lookupId,
    found: true,
    holder: { maskedName: current.holder.maskedName, maskedDocument: current.holder.maskedDocument },
    status: {
      color: current.color,
      since: current.since,
      evaluatedAt: current.evaluatedAt,
      rulesetVersion: current.rulesetVersion,
      reasons: current.reasons.map(({ code, message, declaredOn }) => (declaredOn ? { code, message, declaredOn } : { code, message })),
    },
    history: entries
      .slice(-HISTORY_SHOWN)
      .reverse()
      .map((e) => ({ seq: e.seq, at: e.at, from: e.from, to: e.to, reasons: e.reasons.map(({ code, message }) => ({ code, message })), cause: e.cause.kind })),
    chainOk: verifyHistoryChain(entries, current.historyHead).ok,
  };
}
