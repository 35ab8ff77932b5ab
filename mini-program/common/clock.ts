/**
 * Asia/Shanghai clock times and dates for both mini-programs. Pure; no `Intl` (patchy in
 * mini-program runtimes); Asia/Shanghai is a fixed UTC+08:00.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const pad = (n: number): string => String(n).padStart(2, '0');

export function shanghaiParts(at: Date) {
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
