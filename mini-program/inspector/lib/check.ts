/**
 * Checking one scanned code at the gate, online first and offline when the API does not answer in
 * time. Steps of `checkCode`:
 * 1. send `POST /v1/inspector/verifications` and start the verify timer (default 2 s);
 * 2. an answer in time is the verdict (the backend has logged the scan);
 * 3. a network failure, a 5xx or the timer firing first: verify on the device with the cached key
 *    ring and the same codec, and show that verdict marked offline;
 * 4. queue the offline scan for upload once the online call has definitely failed: a call that
 *    timed out on screen but still reached the server is already logged, and is not queued again.
 */
import { verificationResponse, type VerificationResponse } from '../../../shared/api';
import type { ApiResult } from '../../common/problem';
import { isUnexpectedAnswer } from '../../common/http';
import { enqueue, serverNow, shouldQueue, verifyOffline } from './offline';
import { cachedKeys, clockSync, queuedScans } from './sync';
import type { Verdict } from './verdict';
import { after, newScanId, now, request, stageConfig, STORAGE_KEYS, writeStorage } from '../platform';

export type CheckResult =
  | { kind: 'verdict'; verdict: Verdict }
  /** The session ended: sign in again. */
  | { kind: 'signed-out' }
  /** The API refused the check itself (not allowed here, too many scans): show the message. */
  | { kind: 'refused'; message: string }
  /** Offline and no key ring on the device: no verdict at all (the scan page says what to do). */
  | { kind: 'no-keys' };

/** The verdict of an online answer. */
export function onlineVerdict(answer: VerificationResponse): Verdict {
  return { kind: 'code', ...answer };
}

/** Whether a failed call should fall back to offline verification (the API is unreachable or broken). */
export function fallsBackOffline(result: Exclude<ApiResult<unknown>, { ok: true }>): boolean {
  return result.kind === 'network' || result.status >= 500;
}

function queueOffline(verdict: Verdict, payload: string, checkpointId: string, scanId: string): void {
  if (!shouldQueue(verdict)) return;
  writeStorage(STORAGE_KEYS.queue, enqueue(queuedScans(), { scanId, payload, checkpointId, scannedAt: verdict.checkedAt }));
}

/** Checks one scanned text at a checkpoint; resolves as soon as there is something to show. */
export function checkCode(payload: string, checkpointId: string): Promise<CheckResult> {
  const scanId = newScanId();
  const offline = (): Verdict => verifyOffline(payload, cachedKeys(), serverNow(now(), clockSync()));
  return new Promise((resolve) => {
    let shown: Verdict | undefined;
    // Without keys the device can judge nothing: that is not a verdict on the person.
    const show = (verdict: Verdict) => resolve(verdict.reason === 'no-keys' ? { kind: 'no-keys' } : { kind: 'verdict', verdict });
    const cancelTimer = after(stageConfig.verifyTimeoutMs, () => {
      shown = offline();
      show(shown);
    });
    void request<VerificationResponse>('POST', '/v1/inspector/verifications', { payload, checkpointId }, { schema: verificationResponse }).then((result) => {
      cancelTimer();
      // An answer (readable or not) came back: the server logged the scan, so nothing is queued; too late for the screen is fine.
      if (result.ok || isUnexpectedAnswer(result)) {
        if (shown) return;
        if (result.ok) return resolve({ kind: 'verdict', verdict: onlineVerdict(result.data) });
        shown = offline();
        return show(shown);
      }
      if (result.kind === 'network' || fallsBackOffline(result)) {
        const verdict = shown ?? offline();
        queueOffline(verdict, payload, checkpointId, scanId);
        if (!shown) show(verdict);
        return;
      }
      if (shown) return;
      if (result.status === 401) return resolve({ kind: 'signed-out' });
      if (result.status === 400) return resolve({ kind: 'verdict', verdict: { kind: 'code', outcome: 'invalid', reason: 'malformed', checkedAt: now().toISOString() } });
      resolve({ kind: 'refused', message: result.problem.detail || result.problem.title });
    });
  });
}
