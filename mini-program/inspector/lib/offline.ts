/**
 * The offline side of checking a code, pure (no `dd`, no `this`): the cached `/v1/keys` ring, local
 * verification with the backend's own codec (`shared/payload.ts`), the queue of scans waiting for
 * upload, and the device clock measured against the server's.
 */
import { keyRingFromKeys, verifyPayload, type KeyRingEntry } from '../../../shared/payload';
import type { KeysResponse } from '../../../shared/api';
import type { OfflineScan, OfflineScansResponse } from '../../../shared/api/offline-scans';
import { outcomeOfColor, type Verdict } from './verdict';

/** Keys are fetched at start and again once they are an hour old. */
export const KEY_REFRESH_MS = 60 * 60 * 1000;
/** A device clock further than this from the server's gets a warning. */
export const MAX_CLOCK_SKEW_MS = 30 * 1000;
/** The queue keeps at most this many scans; the oldest go first when it is full. */
export const MAX_QUEUED_SCANS = 2000;

export interface KeyCache {
  keys: KeysResponse['keys'];
  /** When the app last fetched them (device time, ISO 8601). */
  fetchedAt: string;
}

export interface ClockSync {
  /** Server time minus device time, in milliseconds. */
  offsetMs: number;
  /** When it was measured (device time, ISO 8601). */
  measuredAt: string;
}

/** Whether the key ring should be fetched again (none yet, or an hour old). */
export function keysDue(cache: KeyCache | undefined, deviceNow: Date): boolean {
  if (!cache) return true;
  const age = deviceNow.getTime() - Date.parse(cache.fetchedAt);
  return !(age >= 0 && age < KEY_REFRESH_MS);
}

/**
 * The server-minus-device offset from one round trip: the server's time is taken to be read halfway
 * between sending and receiving.
 * @example measureOffset('2024-03-01T00:00:10Z', new Date('2024-03-01T00:00:00Z'), new Date('2024-03-01T00:00:00.2Z')) === 9900
 */
export function measureOffset(serverTime: string, sentAt: Date, receivedAt: Date): number {
  return Date.parse(serverTime) - (sentAt.getTime() + receivedAt.getTime()) / 2;
}

/** The `time` of a `/v1/health` answer, if it is a readable instant. */
export function serverTimeOf(body: unknown): string | undefined {
  const time = (body as { time?: unknown } | null | undefined)?.time;
  return typeof time === 'string' && !Number.isNaN(Date.parse(time)) ? time : undefined;
}

/** The warning to show for a measured offset, or '' when the device clock is close enough. */
export function skewWarning(sync: ClockSync | undefined): string {
  if (!sync || Math.abs(sync.offsetMs) <= MAX_CLOCK_SKEW_MS) return '';
  const seconds = Math.round(Math.abs(sync.offsetMs) / 1000);
  const direction = sync.offsetMs > 0 ? '慢' : '快';
  return `本机时间比服务器${direction}约${seconds}秒，离线核验可能出错，请在手机设置中开启“自动设置时间”`;
}

/** The device time corrected by the last measured offset: the best guess of the server's time. */
export function serverNow(deviceNow: Date, sync: ClockSync | undefined): Date {
  return new Date(deviceNow.getTime() + (sync?.offsetMs ?? 0));
}

const rings = new WeakMap<KeyCache, KeyRingEntry[]>();

/** The codec's key ring for a cached `/v1/keys` body (built once per cache object). */
export function ringOf(cache: KeyCache): KeyRingEntry[] {
  let ring = rings.get(cache);
  if (!ring) {
    ring = keyRingFromKeys(cache);
    rings.set(cache, ring);
  }
  return ring;
}

/**
 * Verifies a scanned text on the device, as the backend's codec does: signature by `kid` from the
 * cached ring, expiry with the same 30 s of skew. The colour is the payload's, as it was at issue time.
 * @example verifyOffline(text, cache, serverNow(new Date(), sync)) → { outcome: 'pass', offline: true, … }
 */
export function verifyOffline(text: string, cache: KeyCache | undefined, now: Date): Verdict {
  const checkedAt = now.toISOString();
  if (!cache || cache.keys.length === 0) return { kind: 'code', outcome: 'invalid', reason: 'no-keys', checkedAt, offline: true };
  const result = verifyPayload(text, ringOf(cache), now);
  if (!result.ok) return { kind: 'code', outcome: 'invalid', reason: result.reason, checkedAt, offline: true };
  const { color, issuedAt } = result.payload;
  return {
    kind: 'code',
    outcome: outcomeOfColor(color),
    color,
    issuedAt: new Date(issuedAt * 1000).toISOString(),
    checkedAt,
    offline: true,
  };
}

/**
 * Whether an offline scan goes to the upload queue: every verdict the device reached is logged; a
 * scan the device could not judge at all (no keys yet) is not a check that happened.
 */
export function shouldQueue(verdict: Verdict): boolean {
  return verdict.offline === true && verdict.reason !== 'no-keys';
}

/** Adds a scan, keeping the newest MAX_QUEUED_SCANS and never the same scanId twice. */
export function enqueue(queue: readonly OfflineScan[], scan: OfflineScan): OfflineScan[] {
  if (queue.some((queued) => queued.scanId === scan.scanId)) return queue.slice();
  return [...queue, scan].slice(-MAX_QUEUED_SCANS);
}

/** The next batch to upload, oldest first. */
export function nextBatch(queue: readonly OfflineScan[], size: number): OfflineScan[] {
  return queue.slice(0, size);
}

/**
 * The queue after an upload answered: every scan with a final status (recorded, duplicate or
 * rejected) leaves it; anything the answer did not mention stays for the next sync.
 */
export function afterUpload(queue: readonly OfflineScan[], answer: OfflineScansResponse): OfflineScan[] {
  const settled = new Set(answer.results.map((result) => result.scanId));
  return queue.filter((scan) => !settled.has(scan.scanId));
}
