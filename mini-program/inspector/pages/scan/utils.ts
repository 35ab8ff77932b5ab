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
  /** Offline with no key ring: no code can be verified here now (never a pass). */
  noKeys: boolean;
  queuedText: string;
  skewWarning: string;
}

/** The line about scans waiting for upload, or ''. */
export function queuedLine(queued: number): string {
  return queued > 0 ? `${queued}条离线核验记录待上传，联网后自动上传` : '';
}

/** The status lines under the scan button after a sync. */
export function statusView(report: SyncReport): StatusView {
  const noKeys = !report.online && !report.hasKeys;
  return {
    networkText: report.online ? '网络正常' : noKeys ? '网络不通' : '网络不通：扫码将离线核验',
    offline: !report.online,
    noKeys,
    queuedText: queuedLine(report.queued),
    skewWarning: report.skewWarning,
  };
}

/** What the scan page says when it cannot verify offline: plain, for a tired inspector at the gate. */
export const NO_KEYS_TEXT = {
  heading: '现在无法核验健康码',
  lines: [
    '网络不通，这部手机也还没有下载核验密钥，扫码无法判断码的真假。',
    '请勿凭码的颜色或截图放行。',
    '请连上网络后再扫码；对方没有智能手机时，联网后点“人工核验”。',
  ],
} as const;
