/**
 * A verdict (online, offline or manual) and what the result screen shows for it: one full screen,
 * one giant mark, one word, the masked holder, the times and a plain reason. Pure: no `dd`, no `this`.
 *
 * The three verdicts differ in shape, word and luminance, never in hue alone, so they read at arm's
 * length in sunlight and for colour-blind eyes: pass is a light screen with a giant ✓; stop is a dark
 * screen with a giant ✕ and a 黄码/红码 chip; invalid is a striped dark-grey screen with a giant ？.
 * Pass against stop is far above 3:1 in luminance, also under protanopia and deuteranopia
 * simulation (checked by tools/check-mini-style.ts in npm test).
 */
import type { Outcome } from '../../../shared/api';
import type { Color } from '../../../shared/rules/schema';
import { gateOutcome } from '../../../shared/rules/colors';
import { clockTime } from '../../common/clock';

export interface Verdict {
  kind: 'code' | 'manual';
  outcome: Outcome;
  color?: Color;
  holder?: { maskedName: string; maskedDocument: string };
  /** When the code was issued (ISO 8601). */
  issuedAt?: string;
  /** When the check happened (ISO 8601). */
  checkedAt: string;
  reason?: string;
  /** Verified on the device while the API was unreachable: the colour is the payload's, at `issuedAt`. */
  offline?: boolean;
}

export interface VerdictView {
  tone: Outcome;
  background: string;
  foreground: string;
  /** The giant mark: ✓, ✕ or ？. */
  mark: string;
  /** A stop's colour chip (黄码/红码), in that colour; empty otherwise. */
  chipText: string;
  chipBackground: string;
  chipForeground: string;
  headline: string;
  colorLabel: string;
  reasonText: string;
  maskedName: string;
  maskedDocument: string;
  issuedAtText: string;
  checkedAtText: string;
  offlineMarker: string;
  /** Which check this was: a manual check says so, so it is never taken for a scanned code. */
  kindLabel: string;
}

export const REASON_TEXTS: Readonly<Record<string, string>> = {
  expired: '二维码已过期，请对方刷新',
  malformed: '二维码无法识别',
  'bad-signature': '非本系统健康码',
  'unknown-key': '非本系统健康码',
  'not-found': '查无此码，请对方重新打开健康码',
  revoked: '该健康码已失效，请对方重新打开健康码',
  'used-elsewhere': '此码刚在其他卡口核验过，请对方刷新健康码后重新出示',
  'not-yet-valid': '二维码时间异常，请核对双方手机时间',
  'no-keys': '网络不通，且本机还没有核验密钥，请联网后再扫',
  fever: '体温异常（37.3℃及以上），请按规定处置',
  'no-credential': '未持有效证明，请出示健康码或证明',
  unregistered: '此人未申领健康码：凭所持证明和正常体温放行',
};

const COLOR_LABELS: Readonly<Record<Color, string>> = { green: '绿码', yellow: '黄码', red: '红码' };

/** Screen colours per verdict (the style check reads this table). */
export const VERDICT_PALETTE: Readonly<Record<Outcome, { background: string; foreground: string; stripe?: string }>> = {
  pass: { background: '#e3f6e8', foreground: '#063d1a' },
  stop: { background: '#3d0608', foreground: '#ffffff' },
  invalid: { background: '#262626', foreground: '#ffffff', stripe: '#3a3a3a' },
};

/** The chip of a stop: the code's own colour, with its name, so yellow and red are told apart. */
export const CHIP_PALETTE: Readonly<Record<Color, { background: string; foreground: string }>> = {
  green: { background: '#0b6b2e', foreground: '#ffffff' },
  yellow: { background: '#ffd60a', foreground: '#111111' },
  red: { background: '#e02b30', foreground: '#ffffff' },
};

/** Words with no character in common, so a glance at one is never read as another. */
export const HEADLINES: Readonly<Record<Outcome, string>> = { pass: '放行', stop: '禁止进入', invalid: '码无效' };
export const MARKS: Readonly<Record<Outcome, string>> = { pass: '✓', stop: '✕', invalid: '？' };

/** The outcome a colour gives at a gate, by the engine's pass rule. */
export function outcomeOfColor(color: Color): Outcome {
  return gateOutcome(color);
}

/** Plain Chinese for a reason code; unknown codes get a neutral sentence, never the code itself. */
export function reasonText(reason: string | undefined, outcome: Outcome): string {
  if (reason && REASON_TEXTS[reason]) return REASON_TEXTS[reason];
  return outcome === 'invalid' ? '二维码无法识别' : outcome === 'stop' ? '不符合通行条件' : '';
}

/** @example offlineMarker('2024-03-01T00:01:02Z') === '离线核验 · 颜色为08:01:02时状态' */
export function offlineMarker(issuedAt: string): string {
  return `离线核验 · 颜色为${clockTime(new Date(issuedAt))}时状态`;
}

/**
 * What the result screen shows.
 * @example verdictView({ kind: 'code', outcome: 'pass', color: 'green', checkedAt }).headline === '放行'
 */
export function verdictView(verdict: Verdict): VerdictView {
  const palette = VERDICT_PALETTE[verdict.outcome];
  const chipColor = verdict.outcome === 'stop' ? verdict.color : undefined;
  const withTime = (label: string, iso: string | undefined) => (iso ? `${label} ${clockTime(new Date(iso))}` : '');
  return {
    tone: verdict.outcome,
    background: palette.background,
    foreground: palette.foreground,
    mark: MARKS[verdict.outcome],
    chipText: chipColor ? COLOR_LABELS[chipColor] : '',
    chipBackground: chipColor ? CHIP_PALETTE[chipColor].background : '',
    chipForeground: chipColor ? CHIP_PALETTE[chipColor].foreground : '',
    headline: HEADLINES[verdict.outcome],
    colorLabel: verdict.color && verdict.outcome !== 'invalid' ? COLOR_LABELS[verdict.color] : '',
    // A pass has no reason, except the manual pass of someone without a code, which says on what it rests.
    reasonText: verdict.outcome === 'pass' ? (verdict.reason === 'unregistered' ? REASON_TEXTS.unregistered! : '') : reasonText(verdict.reason, verdict.outcome),
    maskedName: verdict.holder?.maskedName ?? (verdict.offline ? '离线核验不显示姓名' : ''),
    maskedDocument: verdict.holder?.maskedDocument ?? '',
    issuedAtText: withTime('亮码时间', verdict.issuedAt),
    checkedAtText: withTime('核验时间', verdict.checkedAt),
    offlineMarker: verdict.offline && verdict.issuedAt ? offlineMarker(verdict.issuedAt) : '',
    kindLabel: verdict.kind === 'manual' ? '人工核验结果' : '',
  };
}

/** The vibration for a verdict: only a pass buzzes short. */
export function feedbackPattern(outcome: Outcome): 'pass' | 'stop' {
  return outcome === 'pass' ? 'pass' : 'stop';
}

/** The sound of each verdict (files under sounds/): one high chime, two low buzzes, three short beeps. */
export const VERDICT_SOUNDS: Readonly<Record<Outcome, string>> = {
  pass: '/sounds/pass.wav',
  stop: '/sounds/stop.wav',
  invalid: '/sounds/invalid.wav',
};

/** Stop and invalid cannot be dismissed before this: a stray touch must not wave a risk through. */
export const DISMISS_GUARD_MS = 800;

/** Whether a tap may leave the verdict: a pass by any tap, stop and invalid only by their button after the guard. */
export function mayDismiss(outcome: Outcome, via: 'screen' | 'button', shownForMs: number): boolean {
  if (outcome === 'pass') return true;
  return via === 'button' && shownForMs >= DISMISS_GUARD_MS;
}
