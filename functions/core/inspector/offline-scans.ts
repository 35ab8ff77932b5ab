import type { InvalidReason, Outcome } from '../../../shared/api/inspector';
import { OFFLINE_SCAN_REASON, type OfflineScan, type OfflineScansRequest, type OfflineScansResponse } from '../../../shared/api/offline-scans';
import type { PayloadRejection } from '../../../shared/payload';
import type { VerifyPorts } from './verify';

/** Scans older than this are refused: the scan log keeps 30 days, and a week covers any outage. */
export const MAX_OFFLINE_AGE_MS = 7 * 24 * 3600 * 1000;
/** A scan may be stamped at most this far in the server's future (the codec's clock skew). */
export const MAX_FUTURE_SKEW_MS = 30 * 1000;

export interface OfflineScanPorts extends Pick<VerifyPorts, 'verifyCode' | 'unsealHolderRef' | 'readStatus' | 'scanLog' | 'holderRef'> {
  /** Marks a scan id as taken for this inspector; false when it already was (a retried upload). */
  claimScanId(inspectorId: string, scanId: string, now: Date): Promise<boolean>;
  /** Undoes a claim whose scan could not be written, so that the next upload records it. */
  releaseScanId(inspectorId: string, scanId: string): Promise<void>;
}

type Result = OfflineScansResponse['results'][number];

/** The device's codec rejections as api.md names them (same mapping as online verification). */
const REASON: Readonly<Record<PayloadRejection, InvalidReason>> = {
  malformed: 'malformed',
  'bad-signature': 'bad-signature',
  'unknown-key': 'unknown-key',
  expired: 'expired',
  'not-yet-valid': 'expired',
};

async function recordOne(ports: OfflineScanPorts, inspector: { id: string; checkpoints?: readonly string[] }, scan: OfflineScan, now: Date): Promise<Result> {
  const { scanId } = scan;
  if (!inspector.checkpoints?.includes(scan.checkpointId)) return { scanId, status: 'rejected', reason: 'checkpoint' };
  const at = new Date(scan.scannedAt);
  const age = now.getTime() - at.getTime();
  if (age > MAX_OFFLINE_AGE_MS || age < -MAX_FUTURE_SKEW_MS) return { scanId, status: 'rejected', reason: 'time' };
  if (!(await ports.claimScanId(inspector.id, scanId, now))) return { scanId, status: 'duplicate' };
  try {
    // The same codec and ring as the device, at the time of the scan: the same verdict it showed.
    const checked = await ports.verifyCode(scan.payload, at);
    let outcome: Outcome = 'invalid';
    let reason: string = OFFLINE_SCAN_REASON;
    let holder: { maskedName?: string; maskedDocument?: string; holderRef?: string } = {};
    if (!checked.ok) {
      reason = REASON[checked.reason];
    } else {
      outcome = checked.payload.color === 'green' ? 'pass' : 'stop';
      // Who it was, for the record (tracing); the colour logged stays the one the gate acted on.
      const holderId = await ports.unsealHolderRef(checked.payload.holderRef);
      const status = holderId === undefined ? undefined : await ports.readStatus(holderId);
      if (status?.holder) {
        holder = { ...status.holder, holderRef: await ports.holderRef(status.documentHash) };
      }
    }
    await ports.scanLog.record({
      inspectorId: inspector.id,
      checkpointId: scan.checkpointId,
      kind: 'code',
      outcome,
      at,
      color: checked.ok ? checked.payload.color : undefined,
      reason,
      ...holder,
    });
    return { scanId, status: 'recorded', outcome, ...(outcome === 'invalid' ? { reason } : {}) };
  } catch (error) {
    await ports.releaseScanId(inspector.id, scanId).catch(() => undefined);
    throw error;
  }
}

/**
 * Records scans that the inspector app verified on the device while the API was unreachable.
 * For each scan of the batch (in parallel):
 * 1. the checkpoint must be one of the inspector's (else `rejected`, reason `checkpoint`);
 * 2. the scan time must lie within the last 7 days and not in the future (else `rejected`, `time`);
 * 3. claim its scan id for this inspector (conditional write); taken already → `duplicate`, so an
 *    upload sent twice is logged once;
 * 4. verify the payload again with the codec at the scan time, and log what the gate showed: the
 *    payload's colour (pass or stop) or the codec's reason (invalid), with the masked holder and the
 *    holder reference when the payload's holder still exists; pass and stop carry reason `offline`;
 * 5. if writing the scan fails, release its claim and fail the call (5xx): the app keeps the whole
 *    batch and sends it again; the scans that were written then answer `duplicate`.
 */
export async function recordOfflineScans(
  ports: OfflineScanPorts,
  inspector: { id: string; checkpoints?: readonly string[] },
  request: OfflineScansRequest,
  now: Date,
): Promise<OfflineScansResponse> {
  const results = await Promise.all(request.scans.map((scan) => recordOne(ports, inspector, scan, now)));
  const count = (status: Result['status']) => results.filter((r) => r.status === status).length;
  return { recorded: count('recorded'), duplicates: count('duplicate'), rejected: count('rejected'), results };
}
