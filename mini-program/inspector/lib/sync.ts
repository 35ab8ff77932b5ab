/**
 * Keeping the device ready for an outage, and catching up after one. One sync:
 * 1. reads the server's time (`GET /v1/health`) and stores the device clock's offset;
 * 2. fetches `/v1/keys` when the cached ring is missing or an hour old;
 * 3. uploads queued offline scans in batches; the backend records each scan id once, so a batch
 *    that is sent twice (a lost answer, two syncs at once) is still logged once.
 * The decisions are the pure functions of ./offline; this module only moves data.
 */
import {
  afterUpload,
  keysDue,
  measureOffset,
  nextBatch,
  serverTimeOf,
  skewWarning,
  type ClockSync,
  type KeyCache,
} from './offline';
import { keysResponse, type KeysResponse } from '../../../shared/api';
import {
  MAX_OFFLINE_SCANS_PER_UPLOAD,
  offlineScansResponse,
  type OfflineScan,
  type OfflineScansResponse,
} from '../../../shared/api/offline-scans';
import { now, readStorage, request, STORAGE_KEYS, writeStorage } from '../platform';

export interface SyncReport {
  /** The API answered. */
  online: boolean;
  /** Scans still waiting for upload. */
  queued: number;
  /** A warning about the device clock, or ''. */
  skewWarning: string;
  /** The device holds a public key ring: without one, nothing can be verified offline. */
  hasKeys: boolean;
}

export function queuedScans(): OfflineScan[] {
  return readStorage<OfflineScan[]>(STORAGE_KEYS.queue) ?? [];
}

export function cachedKeys(): KeyCache | undefined {
  return readStorage<KeyCache>(STORAGE_KEYS.keys);
}

/** Whether a key ring is cached (offline verification is possible at all). */
export function hasKeyRing(): boolean {
  return (cachedKeys()?.keys.length ?? 0) > 0;
}

export function clockSync(): ClockSync | undefined {
  return readStorage<ClockSync>(STORAGE_KEYS.clock);
}

/** Measures the clock offset against the server; false when the API is unreachable. */
async function syncClock(): Promise<boolean> {
  const sentAt = now();
  const result = await request<unknown>('GET', '/v1/health', undefined, { anonymous: true, timeoutMs: 5000 });
  const receivedAt = now();
  const serverTime = result.ok ? serverTimeOf(result.data) : undefined;
  if (!serverTime) return false;
  writeStorage(STORAGE_KEYS.clock, { offsetMs: measureOffset(serverTime, sentAt, receivedAt), measuredAt: receivedAt.toISOString() } satisfies ClockSync);
  return true;
}

/** Fetches the public key ring when it is due (or always with `force`). */
export async function refreshKeys(force = false): Promise<boolean> {
  if (!force && !keysDue(cachedKeys(), now())) return true;
  const result = await request<KeysResponse>('GET', '/v1/keys', undefined, { anonymous: true, timeoutMs: 5000, schema: keysResponse });
  if (!result.ok) return false;
  writeStorage(STORAGE_KEYS.keys, { keys: result.data.keys, fetchedAt: now().toISOString() } satisfies KeyCache);
  return true;
}

/** Uploads the queue batch by batch until it is empty or a call fails. */
export async function uploadQueue(): Promise<void> {
  for (let round = 0; round < 100; round++) {
    const batch = nextBatch(queuedScans(), MAX_OFFLINE_SCANS_PER_UPLOAD);
    if (batch.length === 0) return;
    const result = await request<OfflineScansResponse>('POST', '/v1/inspector/offline-scans', { scans: batch }, { timeoutMs: 10000, schema: offlineScansResponse });
    if (!result.ok) return;
    // Re-read: scans queued while the upload was in flight must survive.
    writeStorage(STORAGE_KEYS.queue, afterUpload(queuedScans(), result.data));
  }
}

/** One sync, as described at the top of this file. Never throws. */
export async function syncNow(): Promise<SyncReport> {
  const online = await syncClock();
  if (online) {
    await refreshKeys();
    await uploadQueue();
  }
  return { online, queued: queuedScans().length, skewWarning: skewWarning(clockSync()), hasKeys: hasKeyRing() };
}
