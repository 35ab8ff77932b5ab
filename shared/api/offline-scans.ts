/**
 * POST /v1/inspector/offline-scans (role `inspector`), added for the inspector app's offline mode
 * (see the API reference, docs/api.md): scans verified on the device while the API was unreachable, uploaded to the
 * scan log when the network returns.
 *
 * Every scan carries a client-generated `scanId`. The backend records each id once per inspector, so
 * an upload that is retried (a lost answer, a second sync) never logs a scan twice. Every scan of a
 * batch gets a final status: the app drops `recorded`, `duplicate` and `rejected` scans alike.
 */
import * as z from 'zod';
import { identifier, timestamp } from './fields';
import { INVALID_REASONS, outcome } from './inspector';

export const MAX_OFFLINE_SCANS_PER_UPLOAD = 50;

/** The reason logged on uploaded offline pass and stop scans: their colour is the payload's. */
export const OFFLINE_SCAN_REASON = 'offline';

export const offlineScan = z.strictObject({
  scanId: identifier('扫码编号', 40),
  /** The scanned text as it was read; the backend verifies it again with the same codec. */
  payload: z.string({ error: '请提供扫码内容' }).min(1, '请提供扫码内容').max(4096, '二维码内容过长'),
  checkpointId: identifier('卡口编号'),
  /** When the device scanned it (device clock corrected by the last measured server offset). */
  scannedAt: timestamp,
});
export type OfflineScan = z.infer<typeof offlineScan>;

export const offlineScansRequest = z.strictObject({
  scans: z
    .array(offlineScan, { error: '请提供待上传的扫码记录' })
    .min(1, '请提供待上传的扫码记录')
    .max(MAX_OFFLINE_SCANS_PER_UPLOAD, `每次最多上传${MAX_OFFLINE_SCANS_PER_UPLOAD}条扫码记录`)
    .refine((scans) => new Set(scans.map((s) => s.scanId)).size === scans.length, '扫码编号不能重复'),
});
export type OfflineScansRequest = z.infer<typeof offlineScansRequest>;

export const OFFLINE_SCAN_STATUSES = ['recorded', 'duplicate', 'rejected'] as const;

export const offlineScanResult = z.strictObject({
  scanId: identifier('扫码编号', 40),
  status: z.enum(OFFLINE_SCAN_STATUSES),
  /** For recorded scans: the outcome the backend logged (the codec's verdict at `scannedAt`). */
  outcome: outcome.optional(),
  /** For invalid outcomes, the codec's reason; for rejected scans, why (e.g. `checkpoint`, `time`). */
  reason: z.union([z.enum(INVALID_REASONS), z.string().max(64)]).optional(),
});

export const offlineScansResponse = z.strictObject({
  recorded: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  rejected: z.number().int().min(0),
  results: z.array(offlineScanResult).max(MAX_OFFLINE_SCANS_PER_UPLOAD),
});
export type OfflineScansResponse = z.infer<typeof offlineScansResponse>;
