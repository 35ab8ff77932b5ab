/** The main screen's status lines and the continuous-mode timing. Pure: no `dd`, no `this`. */
import type { SyncReport } from '../../lib/sync';
import type { Outcome } from '../../../../shared/api';

/** How often the main screen syncs (clock, keys when due, offline queue). */
export const SYNC_INTERVAL_MS = 60 * 1000;

/**
 * In continuous mode a pass stays on screen this long before the scanner reopens by itself. A stop
 * or an invalid code stays until the inspector taps: the person must not be waved through unseen.
 */
export const CONTINUOUS_HOLD_MS = 1500;

export function autoContinues(continuous: boolean, outcome: Outcome): boolean {
  return continuous && outcome === 'pass';
}

export interface StatusView {
  networkText: string;
  offline: boolean;
  queuedText: string;
  skewWarning: string;
}

/** The line about scans waiting for upload, or ''. */
export function queuedLine(queued: number): string {
  return queued > 0 ? `${queued}条离线核验记录待上传，联网后自动上传` : '';
}

/** The status lines under the scan button after a sync. */
export function statusView(report: SyncReport): StatusView {
  return {
    networkText: report.online ? '网络正常' : '网络不通：扫码将离线核验',
    offline: !report.online,
    queuedText: queuedLine(report.queued),
    skewWarning: report.skewWarning,
  };
}
