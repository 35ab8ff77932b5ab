import type { InvalidReason, Outcome } from '../../../shared/api/inspector';
import { OFFLINE_SCAN_REASON, type OfflineScan, type OfflineScansRequest, type OfflineScansResponse } from '../../../shared/api/offline-scans';
import type { PayloadRejection } from '../../../shared/payload';
import { SCANS_PER_MINUTE } from './guard';
import type { VerifyPorts } from './verify';
import { gateOutcome } from '../../../shared/rules/engine';

/** Scans older than this are refused: an honest device uploads when the network returns, and a day
 * is long enough for any outage at a gate while leaving no room to backdate a week of passes. */
export const MAX_OFFLINE_AGE_MS = 24 * 3600 * 1000;
/** A scan may be stamped at most this far in the server's future (the codec's clock skew). */
export const MAX_FUTURE_SKEW_MS = 30 * 1000;

export interface OfflineScanPorts extends Pick<VerifyPorts, 'verifyCode' | 'unsealHolderRef' | 'readStatus' | 'scanLog' | 'holderRef' | 'rateLimiter' | 'scansPerMinute'> {
  /** Marks a scan id as taken for this inspector; false when it already was (a retried upload). */
  claimScanId(inspectorId: string, scanId: string, now: Date): Promise<boolean>;
  /** Undoes a claim whose scan could not be written, so that the next upload records it. */
  releaseScanId(inspectorId: string, scanId: string): Promise<void>;
}

type Result = OfflineScansResponse['results'][number];

/** The device's codec rejections as the API names them (same mapping as online verification). */
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
  // The same codec and ring as the device, at the time of the scan: only a payload valid then is a
  // scan at all (a backdated upload of an old code is refused, not logged).
  const checked = await ports.verifyCode(scan.payload, at);
  if (!checked.ok) return { scanId, status: 'rejected', reason: REASON[checked.reason] };
  if (!(await ports.claimScanId(inspector.id, scanId, now))) return { scanId, status: 'duplicate' };
  try {
    // The same per-inspector limit as online scans, counted in the minute of the scan.
    const rate = await ports.rateLimiter.consume(`scan:${inspector.id}`, ports.scansPerMinute ?? SCANS_PER_MINUTE, at);
    if (!rate.allowed) {
      await ports.releaseScanId(inspector.id, scanId);
      return { scanId, status: 'rejected', reason: 'rate-limit' };
    }
    const outcome: Outcome = gateOutcome(checked.payload.color);
    const reason = OFFLINE_SCAN_REASON;
    // Who it was, for the record (tracing); the colour logged stays the one the gate acted on.
    const holderId = await ports.unsealHolderRef(checked.payload.holderRef);
    const status = holderId === undefined ? undefined : await ports.readStatus(holderId);
    const holder = status?.holder ? { ...status.holder, holderRef: await ports.holderRef(status.documentHash) } : {};
    await ports.scanLog.record({
      inspectorId: inspector.id,
      checkpointId: scan.checkpointId,
      kind: 'code',
      outcome,
      at,
      color: checked.payload.color,
      reason,
      ...holder,
    });
    return { scanId, status: 'recorded', outcome };
  } catch (error) {
    await ports.releaseScanId(inspector.id, scanId).catch(() => undefined);
    throw error;
  }
}

/**
 * Records scans that the inspector app verified on the device while the API was unreachable.
 * For each scan of the batch (in parallel):
 * 1. the checkpoint must be one of the inspector's (else `rejected`, reason `checkpoint`);
 * 2. the scan time must lie within the last 24 hours and not in the future (else `rejected`, `time`);
 * 3. verify the payload again with the codec at the scan time: one not valid then is `rejected` with
 *    the codec's reason and not logged;
 * 4. claim its scan id for this inspector (conditional write); taken already → `duplicate`, so an
 *    upload sent twice is logged once;
 * 5. count it against the inspector's online scan limit in the minute of the scan (`rejected`,
 *    `rate-limit`, over it), then log what the gate showed: the payload's colour (pass or stop, reason
 *    `offline`), with the masked holder and the holder reference when the holder still exists;
 * 6. if writing the scan fails, release its claim and fail the call (5xx): the app keeps the whole
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
