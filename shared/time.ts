/**
 * Asia/Shanghai calendar-day helpers.
 *
 * Asia/Shanghai has been UTC+08:00 without daylight saving since 1991, so a fixed offset is exact for
 * every date this system handles. A fixed offset also keeps these helpers free of `Intl` (patchy in
 * mini-program runtimes) and fast enough for the rules engine's hot path.
 *
 * A calendar day is a `YYYY-MM-DD` string, as in the HTTP API.
 */

/** A calendar day in Asia/Shanghai, formatted `YYYY-MM-DD`. */
export type CalendarDay = string;

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const MS_PER_DAY = 24 * 60 * 60 * 1000;

const CALENDAR_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 (the epoch day number) of a valid calendar day, or NaN. */
function epochDay(day: CalendarDay): number {
  const match = CALENDAR_DAY.exec(day);
  if (!match) return Number.NaN;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const date = Number(match[3]);
  if (month < 1 || month > 12 || date < 1 || date > daysInMonth(year, month)) return Number.NaN;
  const utc = new Date(Date.UTC(2000, month - 1, date));
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  utc.setUTCFullYear(year);
  return utc.getTime() / MS_PER_DAY;
}

function formatEpochDay(dayNumber: number): CalendarDay {
  const d = new Date(dayNumber * MS_PER_DAY);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const date = d.getUTCDate();
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${date < 10 ? '0' : ''}${date}`;
}

function requireEpochDay(day: CalendarDay): number {
  const n = epochDay(day);
  if (Number.isNaN(n)) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  return n;
}

/** Whether `year` is a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month (1–12) of a Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Whether `value` is a real `YYYY-MM-DD` day (month 1–12, day that exists in that month).
 * @example isCalendarDay('2023-02-29') === false
 */
export function isCalendarDay(value: string): boolean {
  return !Number.isNaN(epochDay(value));
}

/**
 * The Asia/Shanghai calendar day that contains the instant `date`.
 * @example shanghaiDay(new Date('2024-03-01T16:00:00Z')) === '2024-03-02'
 */
export function shanghaiDay(date: Date): CalendarDay {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return formatEpochDay(Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

/**
 * 00:00 Asia/Shanghai on `day`, as an instant. Throws a RangeError for a string that is not a real day.
 * @example startOfShanghaiDay('2024-03-02').toISOString() === '2024-03-01T16:00:00.000Z'
 */
export function startOfShanghaiDay(day: CalendarDay): Date {
  return new Date(requireEpochDay(day) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

/**
 * The calendar day `n` days after `day` (`n` may be negative).
 * @example addDays('2024-02-28', 2) === '2024-03-01'
 */
export function addDays(day: CalendarDay, n: number): CalendarDay {
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of days: ${n}`);
  return formatEpochDay(requireEpochDay(day) + n);
}

/**
 * Whole calendar days from `from` to `to` (positive when `to` is later).
 * @example daysBetween('2024-03-01', '2024-03-15') === 14
 */
export function daysBetween(from: CalendarDay, to: CalendarDay): number {
  return requireEpochDay(to) - requireEpochDay(from);
}

/**
 * "T + n" of rules.md: 00:00 Asia/Shanghai on the n-th day after day T.
 * @example dayPlus('2024-03-01', 14).toISOString() === '2024-03-14T16:00:00.000Z'
 */
export function dayPlus(day: CalendarDay, n: number): Date {
  return startOfShanghaiDay(addDays(day, n));
}
