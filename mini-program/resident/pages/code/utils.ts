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
  /** The last refresh failed because the sign-in could not be renewed (the code stays while valid). */
  signedOut?: boolean;
  /** A state decided by the API's answer rather than the clock. */
  blocked?: 'undeclared' | 'unregistered' | 'signed-out' | 'error';
}

/** How a notice is coloured: by what it means for the person, not by the fact that it is a notice. */
export type NoticeTone = 'info' | 'warn' | 'bad';

/** Whether a stored snapshot can still be shown at `nowMs` (a cached code from the last visit). */
export function stillValid(snapshot: CodeSnapshot | undefined, nowMs: number): snapshot is CodeSnapshot {
  if (!snapshot || typeof snapshot.receivedAt !== 'number' || typeof snapshot.svg !== 'string') return false;
  const { expiresAt } = codeDeadlines(snapshot);
  // A phone clock set back would make an old code look fresh: never trust one received "in the future".
  return snapshot.receivedAt <= nowMs && nowMs < expiresAt;
}

/**
 * Everything the page shows at `nowMs`. A code is shown only while it is valid: an expired one is
 * taken off the screen, whatever the network does; a valid one stays through any failed refresh.
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
    voidText: '',
    colorHex: '#6b7280',
    colorInk: '#3a3f45',
    colorTint: '#f0f1f2',
    markIcon: '',
    markWord: '',
    hint: '',
    holderName: '',
    holderDocument: '',
    refreshedAt: '',
    validUntil: '',
    notice: '',
    noticeTone: 'info' as NoticeTone,
    canSignIn: false,
  };
  const snapshot = inputs.snapshot;
  const live = snapshot !== undefined && inputs.nowMs < codeDeadlines(snapshot).expiresAt;
  if (!live && inputs.blocked === 'undeclared') {
    return { ...base, state: 'undeclared' as CodeState, voidText: '还没有健康码', notice: '还没有完成健康申报，申报后即可出示健康码', noticeTone: 'warn' as NoticeTone };
  }
  if (!live && inputs.blocked === 'unregistered') {
    return { ...base, state: 'signed-out' as CodeState, voidText: '还没有健康码', notice: '请先完成实名登记', noticeTone: 'warn' as NoticeTone, canSignIn: true };
  }
  if (!live && (inputs.blocked === 'signed-out' || (inputs.signedOut && !snapshot))) {
    return { ...base, state: 'signed-out' as CodeState, voidText: '请重新登录', notice: '登录已过期，请点击“重新登录”', noticeTone: 'warn' as NoticeTone, canSignIn: true };
  }
  if (!snapshot) {
    const state: CodeState = inputs.failure || inputs.blocked === 'error' ? 'error' : 'loading';
    return state === 'loading'
      ? { ...base, state, voidText: '正在获取健康码…' }
      : { ...base, state, voidText: '暂时无法获取健康码', notice: `${inputs.failure ?? '暂时无法获取健康码'}，请点击“刷新”重试`, noticeTone: 'bad' as NoticeTone };
  }
  const refreshedAt = clockTime(new Date(snapshot.receivedAt));
  const deadlines = codeDeadlines(snapshot);
  const validUntil = clockTime(new Date(deadlines.expiresAt));
  const holder = { holderName: snapshot.holder.maskedName, holderDocument: snapshot.holder.maskedDocument, refreshedAt, validUntil };
  if (!live) {
    return {
      ...base,
      ...holder,
      state: 'expired' as CodeState,
      colorLabel: '健康码已过期',
      voidText: '健康码已过期',
      notice: `${inputs.failure ? `${inputs.failure}。` : ''}健康码最后更新于${refreshedAt}，已过期，请连接网络后点击“刷新”`,
      noticeTone: 'bad' as NoticeTone,
      canSignIn: inputs.signedOut === true,
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
    // The code is still good: a calm notice saying until when, not an alarm.
    return {
      ...shown,
      state: 'offline' as CodeState,
      notice: `${inputs.failure}。当前健康码有效至${validUntil}，过期后将不再显示`,
      noticeTone: 'warn' as NoticeTone,
      canSignIn: inputs.signedOut === true,
    };
  }
  return { ...shown, state: 'live' as CodeState };
}

/** The title bar while no code is on screen: neither green nor any other code colour. */
export const NEUTRAL_TITLE_BAR = '#3a3f45';

/**
 * The title bar follows the code on screen (the app's green bar over a red code says the opposite),
 * in the dark ink shades that keep its white title at least 6:1.
 * @example titleBarColor('red') === '#a61b1f'
 */
export function titleBarColor(color: string): string {
  return color === 'green' || color === 'yellow' || color === 'red' ? COLOR_INK[color] : NEUTRAL_TITLE_BAR;
}
