/**
 * Formatting shared by the pages: colours, Asia/Shanghai clock times and dates. Pure; no `Intl`
 * (patchy in mini-program runtimes), Asia/Shanghai is a fixed UTC+08:00.
 */
import type { ResidentStatus } from '../../../shared/api';

export type CodeColor = ResidentStatus['color'];

export const COLOR_LABELS: Readonly<Record<CodeColor, string>> = { green: '绿码', yellow: '黄码', red: '红码' };

/** Display colours, dark enough for a QR code to scan on a white background. */
export const COLOR_HEX: Readonly<Record<CodeColor, string>> = { green: '#0a8a3a', yellow: '#d9a400', red: '#d4262b' };

export const COLOR_HINTS: Readonly<Record<CodeColor, string>> = {
  green: '凭绿码通行',
  yellow: '请按要求每日健康打卡，满足条件后自动转为绿码',
  red: '请配合隔离管理并每日健康打卡，满足条件后自动转为绿码',
};

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const pad = (n: number): string => String(n).padStart(2, '0');

function shanghaiParts(at: Date) {
  const shifted = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hours: shifted.getUTCHours(),
    minutes: shifted.getUTCMinutes(),
    seconds: shifted.getUTCSeconds(),
  };
}

/** @example clockTime(new Date('2024-03-01T00:00:05Z')) === '08:00:05' */
export function clockTime(at: Date): string {
  const p = shanghaiParts(at);
  return `${pad(p.hours)}:${pad(p.minutes)}:${pad(p.seconds)}`;
}

/** @example longDate(new Date('2024-03-01T00:00:05Z')) === '2024年3月1日' */
export function longDate(at: Date): string {
  const p = shanghaiParts(at);
  return `${p.year}年${p.month}月${p.day}日`;
}

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
