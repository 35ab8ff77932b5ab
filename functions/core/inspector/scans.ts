import type { ScanEntry, ScanLog } from './ports';

export const DEFAULT_SCAN_PAGE = 50;

export interface ScanListQuery {
  checkpointId?: string;
  since?: string;
  cursor?: string;
  limit?: number;
}

/** A scan as the inspector app shows it: masked holder, reason code, no reference. */
export function toScanView(entry: ScanEntry) {
  return {
    at: entry.at.toISOString(),
    checkpointId: entry.checkpointId,
    kind: entry.kind,
    outcome: entry.outcome,
    ...(entry.color ? { color: entry.color } : {}),
    ...(entry.maskedName !== undefined && entry.maskedDocument !== undefined
      ? { holder: { maskedName: entry.maskedName, maskedDocument: entry.maskedDocument } }
      : {}),
    ...(entry.reason ? { reason: entry.reason } : {}),
  };
}

/**
 * The signed-in inspector's own scans.
 * 1. Query only this inspector's partition (another inspector's scans are unreachable by design).
 * 2. Newest first, optionally one checkpoint and only after `since`, one page of `limit`.
 * 3. Map to the masked view; the holder reference never leaves the server.
 */
export async function listOwnScans(scanLog: ScanLog, inspectorId: string, query: ScanListQuery) {
  const page = await scanLog.list(inspectorId, {
    checkpointId: query.checkpointId,
    since: query.since ? new Date(query.since) : undefined,
    limit: query.limit ?? DEFAULT_SCAN_PAGE,
    cursor: query.cursor,
  });
  return { scans: page.scans.map(toScanView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
