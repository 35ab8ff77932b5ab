/**
 * The officials' decision log: one append-only, hash-chained list of every proposal, approval and
 * rejection, naming both principals and the basis. Each entry hashes its content with the hash of
 * the entry before it, so an edited, removed or reordered entry breaks the chain from there on.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry } from '../../../shared/api/console';
import { canonicalJson, GENESIS_HASH } from '../holder-state';

export type AuditContent = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

export interface AuditHead {
  seq: number;
  hash: string;
}

export const AUDIT_GENESIS: AuditHead = { seq: 0, hash: GENESIS_HASH };

export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

/** The next entry after `head`. */
export function chainAuditEntry(head: AuditHead, content: AuditContent): AuditEntry {
  const body = { ...content, seq: head.seq + 1, prevHash: head.hash };
  return { ...body, hash: auditEntryHash(body) };
}

export type AuditVerdict = { intact: true; entries: number } | { intact: false; brokenAt: number; entries: number };

/** Checks a whole log, oldest first, against the stored head. */
export function verifyAuditChain(entries: readonly AuditEntry[], head: AuditHead = AUDIT_GENESIS): AuditVerdict {
  let prev = AUDIT_GENESIS;
  for (const entry of entries) {
    const { hash, ...body } = entry;
    if (entry.seq !== prev.seq + 1 || entry.prevHash !== prev.hash || auditEntryHash(body) !== hash) {
      return { intact: false, brokenAt: entry.seq, entries: entries.length };
    }
    prev = { seq: entry.seq, hash };
  }
  if (prev.seq !== head.seq || prev.hash !== head.hash) return { intact: false, brokenAt: prev.seq + 1, entries: entries.length };
  return { intact: true, entries: entries.length };
}
