/**
 * Formatting shared by the pages: colours, Asia/Shanghai clock times and dates. Pure; no `Intl`
 * (patchy in mini-program runtimes), Asia/Shanghai is a fixed UTC+08:00.
 */
import type { ResidentStatus } from '../../../shared/api';
import { longDate, pad, shanghaiParts } from '../../common/clock';

export type CodeColor = ResidentStatus['color'];

export const COLOR_LABELS: Readonly<Record<CodeColor, string>> = { green: '绿码', yellow: '黄码', red: '红码' };

/**
 * Frame colours: bright, yet at least 3:1 against the card tint (the style check holds them to it). Never used for QR modules
 * (a bright yellow on white is 2.3:1 and most decoders miss it); see COLOR_INK.
 */
export const COLOR_HEX: Readonly<Record<CodeColor, string>> = { green: '#0a8a3a', yellow: '#9a6f00', red: '#d4262b' };

/**
 * Dark shades of the same hues for QR modules and coloured text on white: each is at least 6:1
 * against white (WCAG relative luminance), so every phone camera and decoder reads it.
 */
export const COLOR_INK: Readonly<Record<CodeColor, string>> = { green: '#0b6b2e', yellow: '#7a5200', red: '#a61b1f' };

/** Pale backgrounds of the code card, so the colour fills the screen and not only a thin frame. */
export const COLOR_TINT: Readonly<Record<CodeColor, string>> = { green: '#e7f5ec', yellow: '#fff4cc', red: '#fde7e7' };

/**
 * A shape and a word per colour, so the state reads without seeing colour: each colour has its own
 * icon, and the word is the one the inspector's verdict screen shows (放行 / 禁止进入, see
 * mini-program/inspector/lib/verdict.ts; a test holds the two apps to the same words).
 */
export const COLOR_MARKS: Readonly<Record<CodeColor, { icon: string; word: string }>> = {
  green: { icon: '✓', word: '放行' },
  yellow: { icon: '!', word: '禁止进入' },
  red: { icon: '✕', word: '禁止进入' },
};

export const COLOR_HINTS: Readonly<Record<CodeColor, string>> = {
  green: '凭绿码通行',
  yellow: '请按要求每日健康打卡，满足条件后自动转为绿码',
  red: '请配合隔离管理并每日健康打卡，满足条件后自动转为绿码',
};

export { clockTime, longDate } from '../../common/clock';
/** @example dateTime('2024-03-01T08:30:00+08:00') === '2024年3月1日 08:30' */
export function dateTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const p = shanghaiParts(at);
  return `${longDate(at)} ${pad(p.hours)}:${pad(p.minutes)}`;
}

/** @example monthDay('2024-03-02') === '3月2日' */
export function monthDay(day: string): string {
  const [, month, date] = day.split('-');
  return `${Number(month)}月${Number(date)}日`;
}
