import { USED_ELSEWHERE, type InvalidReason, type Outcome, type VerificationRequest, type VerificationResponse } from '../../../shared/api/inspector';
import type { DecodedPayload, PayloadRejection, PayloadResult } from '../../../shared/payload';
import { assertCheckpoint, enforceRate, recordCheck, SCANS_PER_MINUTE } from './guard';
import type { LiveStatus } from './manual-check';
import type { RateLimiter, ScanLog } from './ports';
import { passes } from '../../../shared/rules/engine';

export interface VerifyPorts {
  /** The key ring check of the codec: parse, kid + key window, Ed25519, expiry with 30 s skew. */
  verifyCode(text: string, now: Date): Promise<PayloadResult<DecodedPayload>>;
  /** The holder id sealed inside a verified payload, or undefined when it does not open. */
  unsealHolderRef(holderRef: Uint8Array): Promise<string | undefined>;
  readStatus(holderId: string): Promise<LiveStatus | undefined>;
  rateLimiter: RateLimiter;
  scanLog: ScanLog;
  holderRef(documentHash: string): Promise<string>;
  /**
   * Binds a payload to the first checkpoint that verifies it, until it expires. True for that
   * checkpoint (a double tap, a second look); false once another checkpoint has it.
   */
  claimPayload(payload: string, checkpointId: string, expiresAt: Date): Promise<boolean>;
  scansPerMinute?: number;
}

/**
 * The codec's rejections as the API names them. `not-yet-valid` (issued more than 30 s in the
 * verifier's future) is shown as `expired`: either way the code is not valid at this moment, and
 * the remedy at the gate is the same, a fresh code.
 */
export const PAYLOAD_REJECTION_REASON: Readonly<Record<PayloadRejection, InvalidReason>> = {
  malformed: 'malformed',
  'bad-signature': 'bad-signature',
  'unknown-key': 'unknown-key',
  expired: 'expired',
  'not-yet-valid': 'expired',
};

/**
 * Scan-to-verify at a gate.
 * 1. The checkpoint must be one the inspector's token names (403).
 * 2. Count the scan against the inspector's limit (120 a minute → 429). The limiter spends tokens
 *    this instance leased from the shared counter, so most scans write nothing for it; when it must
 *    lease, that write runs alongside steps 3–4.
 * 3. Verify the payload with the key ring: malformed, unknown-key, bad-signature, expired → invalid.
 * 4. Open the holder reference and read the live status: ONE GetItem. No status (a deleted account,
 *    or a reference that does not open) → invalid / not-found.
 *    Alongside, bind the payload to this checkpoint: a payload already shown at another checkpoint is
 *    a stop (`used-elsewhere`, "refresh and show it again"), so one screenshot or forwarded code cannot
 *    pass several gates within its two minutes.
 * 5. The live colour decides, never the payload's: green → pass, yellow or red → stop.
 * 6. Log the scan, whatever the outcome: one scan item with a TTL. The checkpoint's hourly counters
 *    are built from the table's stream (functions/jobs/scan-stats.ts), not here.
 * 7. Answer with the masked holder only.
 */
export async function verifyScan(
  ports: VerifyPorts,
  inspector: { id: string; checkpoints?: readonly string[] },
  request: VerificationRequest,
  now: Date,
): Promise<VerificationResponse> {
  assertCheckpoint(inspector.checkpoints, request.checkpointId);
  const rate = enforceRate(ports.rateLimiter, `scan:${inspector.id}`, ports.scansPerMinute ?? SCANS_PER_MINUTE, now);
  // If the verification below fails early, the rate promise still settles before we answer.
  rate.catch(() => undefined);

  let reason: InvalidReason | undefined;
  let status: LiveStatus | undefined;
  let issuedAt: string | undefined;
  let elsewhere = false;
  const checked = await ports.verifyCode(request.payload, now);
  if (!checked.ok) {
    reason = PAYLOAD_REJECTION_REASON[checked.reason];
    await rate;
  } else {
    issuedAt = new Date(checked.payload.issuedAt * 1000).toISOString();
    const holderId = await ports.unsealHolderRef(checked.payload.holderRef);
    const read = holderId === undefined ? Promise.resolve(undefined) : ports.readStatus(holderId);
    read.catch(() => undefined);
    const claim = holderId === undefined ? Promise.resolve(true) : ports.claimPayload(request.payload, request.checkpointId, new Date(checked.payload.expiresAt * 1000));
    claim.catch(() => undefined);
    await rate;
    status = await read;
    if (!status?.holder) reason = 'not-found';
    else if (!(await claim)) elsewhere = true;
  }

  const outcome: Outcome = reason ? 'invalid' : elsewhere || !passes(status!.color) ? 'stop' : 'pass';
  // A code shown elsewhere gets no colour on screen (a green "禁止通行" would read as a pass) and no name.
  const live = reason || elsewhere ? undefined : status;
  const verdict = await recordCheck(ports, {
    inspectorId: inspector.id,
    checkpointId: request.checkpointId,
    kind: 'code',
    outcome,
    at: now,
    reason: reason ?? (elsewhere ? USED_ELSEWHERE : undefined),
    live,
    holderRefOf: reason ? undefined : status?.documentHash,
  });
  return {
    ...verdict,
    ...(issuedAt ? { issuedAt } : {}),
    checkedAt: now.toISOString(),
  };
}
