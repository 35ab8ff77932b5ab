/**
 * The code page's logic: when to refresh, when a code is still valid, and what the page shows.
 * Times are the phone's own clock, anchored at the moment the code arrived, so a phone whose clock
 * is off still refreshes and expires the code on time. Pure.
 */
import type { CodeResponse } from '../../../../shared/api';
import { clockTime, COLOR_HEX, COLOR_HINTS, COLOR_INK, COLOR_LABELS, COLOR_MARKS, COLOR_TINT, longDate } from '../../lib/format';

export interface CodeSnapshot extends CodeResponse {
  /** Phone time (ms) when the answer arrived. */
  receivedAt: number;
}

/** After a failed refresh, wait this long before trying again. */
export const RETRY_MS = 10_000;
/** The page's clock ticks this often. */
export const TICK_MS = 1_000;

export type CodeState = 'loading' | 'live' | 'offline' | 'expired' | 'undeclared' | 'signed-out' | 'error';

/** When the code must be refreshed and when it stops being valid, on the phone's clock. */
export function codeDeadlines(snapshot: CodeSnapshot): { refreshAt: number; expiresAt: number } {
  const lifetime = Date.parse(snapshot.expiresAt) - Date.parse(snapshot.issuedAt);
  return {
    refreshAt: snapshot.receivedAt + snapshot.refreshInSeconds * 1000,
    expiresAt: snapshot.receivedAt + (Number.isFinite(lifetime) ? lifetime : 0),
  };
}

/** Whether the ticker should fetch a new code now. */
export function shouldRefresh(snapshot: CodeSnapshot | undefined, nowMs: number, lastFailureAt: number | undefined, inFlight: boolean): boolean {
  if (inFlight) return false;
  if (lastFailureAt !== undefined && nowMs - lastFailureAt < RETRY_MS) return false;
  return snapshot === undefined || nowMs >= codeDeadlines(snapshot).refreshAt;
}

/**
 * The SVG of the API with its modules in the dark shade of the status colour, as an image source.
 * The light modules and the 4-module quiet zone stay white: contrast is what a camera reads.
 * @example qrImageSource('<svg><path stroke="#000000" d="…"/></svg>', 'red') starts with 'data:image/svg+xml'
 */
export function qrImageSource(svg: string, color: CodeResponse['color']): string {
  const tinted = svg.replace(/stroke="#[0-9a-fA-F]{3,8}"/g, `stroke="${COLOR_INK[color]}"`);
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(tinted)}`;
}

export interface CodeInputs {
  snapshot?: CodeSnapshot;
  nowMs: number;
  /** Why the last refresh failed, while the failure lasts. */
  failure?: string;
  /** A state decided by the API's answer rather than the clock. */
  blocked?: 'undeclared' | 'signed-out' | 'error';
}

/**
 * Everything the page shows at `nowMs`. A code is shown only while it is valid: an expired one is
 * taken off the screen, whatever the network does.
 */
export function codeView(inputs: CodeInputs) {
  const now = new Date(inputs.nowMs);
  const base = {
    clock: clockTime(now),
    date: longDate(now),
    showQr: false,
    qrSrc: '',
    color: '',
    colorLabel: '',
    colorHex: '#8f959e',
    colorInk: '#3a3f45',
    colorTint: '#f0f1f2',
    markIcon: '',
    markWord: '',
    hint: '',
    holderName: '',
    holderDocument: '',
    refreshedAt: '',
    notice: '',
  };
  if (inputs.blocked === 'undeclared') {
    return { ...base, state: 'undeclared' as CodeState, notice: '还没有完成健康申报，申报后即可出示健康码' };
  }
  if (inputs.blocked === 'signed-out') {
    return { ...base, state: 'signed-out' as CodeState, notice: '登录已过期，请重新登录' };
  }
  const snapshot = inputs.snapshot;
  if (!snapshot) {
    const state: CodeState = inputs.failure || inputs.blocked === 'error' ? 'error' : 'loading';
    return { ...base, state, notice: inputs.failure ?? (state === 'loading' ? '正在获取健康码…' : '暂时无法获取健康码') };
  }
  const refreshedAt = clockTime(new Date(snapshot.receivedAt));
  const holder = { holderName: snapshot.holder.maskedName, holderDocument: snapshot.holder.maskedDocument, refreshedAt };
  if (inputs.nowMs >= codeDeadlines(snapshot).expiresAt) {
    return {
      ...base,
      ...holder,
      state: 'expired' as CodeState,
      colorLabel: '健康码已过期',
      notice: `${inputs.failure ? `${inputs.failure}。` : ''}健康码最后更新于${refreshedAt}，已过期，请连接网络后下拉刷新`,
    };
  }
  const shown = {
    ...base,
    ...holder,
    showQr: true,
    qrSrc: qrImageSource(snapshot.svg, snapshot.color),
    color: snapshot.color,
    colorLabel: COLOR_LABELS[snapshot.color],
    colorHex: COLOR_HEX[snapshot.color],
    colorInk: COLOR_INK[snapshot.color],
    colorTint: COLOR_TINT[snapshot.color],
    markIcon: COLOR_MARKS[snapshot.color].icon,
    markWord: COLOR_MARKS[snapshot.color].word,
    hint: COLOR_HINTS[snapshot.color],
  };
  if (inputs.failure) {
    return { ...shown, state: 'offline' as CodeState, notice: `${inputs.failure}。健康码最后更新于${refreshedAt}，过期后将不再显示` };
  }
  return { ...shown, state: 'live' as CodeState };
}
