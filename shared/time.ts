/**
 * Asia/Shanghai calendar days, one calendar for the whole system (the rules engine included).
 *
 * Asia/Shanghai has been UTC+08:00 without daylight saving since 1991, so a fixed offset is exact for
 * every date this system handles. A fixed offset also keeps these helpers free of `Intl` (patchy in
 * mini-program runtimes) and fast enough for the rules engine's hot path.
 *
 * A calendar day is a `YYYY-MM-DD` string, as in the HTTP API. A day number is whole days since
 * 1970-01-01: the engine works in day numbers, parsed by character codes (no regex, no Date).
 */

/** A calendar day in Asia/Shanghai, formatted `YYYY-MM-DD`. */
export type CalendarDay = string;

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const MS_PER_DAY = 24 * 60 * 60 * 1000;

/** Whether `year` is a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Number of days in a month (1–12) of a Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

// ---- Day numbers ----

/** Days from civil (H. Hinnant), proleptic Gregorian: the day number of y-m-d. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

// The day number of 1 January of each year 1900–2199 and the days before each month (index m, then
// 13 + m in a leap year): a day string is then read with two lookups, no division.
const TABLE_FIRST_YEAR = 1900;
const TABLE_YEARS = 300;
const YEAR_START = new Int32Array(TABLE_YEARS);
const IS_LEAP = new Uint8Array(TABLE_YEARS);
const MONTH_START = new Int16Array(26);
for (let k = 0; k < TABLE_YEARS; k++) {
  YEAR_START[k] = daysFromCivil(TABLE_FIRST_YEAR + k, 1, 1);
  IS_LEAP[k] = isLeapYear(TABLE_FIRST_YEAR + k) ? 1 : 0;
}
for (let m = 2; m <= 12; m++) {
  MONTH_START[m] = MONTH_START[m - 1]! + MONTH_DAYS[m - 2]!;
  MONTH_START[13 + m] = MONTH_START[m]! + (m > 2 ? 1 : 0);
}

/** The day number of a real y-m-d (month 1–12, a day that exists in that month). */
function civilDay(y: number, m: number, d: number): number {
  const k = y - TABLE_FIRST_YEAR;
  if (k >= 0 && k < TABLE_YEARS) return YEAR_START[k]! + MONTH_START[(IS_LEAP[k]! ? 13 : 0) + m]! + d - 1;
  return daysFromCivil(y, m, d);
}

/** The digit at `i` of `s` as a number, or -1 (a code below '0' wraps to a large unsigned number). */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return (c >>> 0) > 9 ? -1 : c;
}

/** The two digits at `i` and `i + 1` of `s` as a number, or -1; both indexes must lie inside `s`. */
function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * The day number (days since 1970-01-01) of a real `YYYY-MM-DD` day, or NaN for anything else.
 * @example dayNumber('1970-01-02') === 1
 */
export function dayNumber(day: string): number {
  if (day.length !== 10 || day.charCodeAt(4) !== 45 || day.charCodeAt(7) !== 45) return Number.NaN;
  const hi = twoDigits(day, 0);
  const lo = twoDigits(day, 2);
  const m = twoDigits(day, 5);
  const d = twoDigits(day, 8);
  if (hi < 0 || lo < 0 || m < 1 || m > 12 || d < 1) return Number.NaN;
  const y = hi * 100 + lo;
  if (d > daysInMonth(y, m)) return Number.NaN;
  return civilDay(y, m, d);
}

/** [year, month, day] of a day number (H. Hinnant's civil from days). */
function civil(n: number): [number, number, number] {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** The `YYYY-MM-DD` of a day number. */
export function dayOfNumber(n: number): CalendarDay {
  const [y, m, d] = civil(n);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** The Asia/Shanghai day number of an instant (milliseconds since the epoch). */
export function shanghaiDayNumber(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

/** 00:00 Asia/Shanghai of a day number, as the API writes instants: `2020-02-25T00:00:00+08:00`. */
export function startOfDayIso(n: number): string {
  return `${dayOfNumber(n)}T00:00:00+08:00`;
}

/** A day number as residents read a date: `2月25日`. */
export function monthDayLabel(n: number): string {
  const [, m, d] = civil(n);
  return `${m}月${d}日`;
}

/**
 * Milliseconds since the epoch of an ISO 8601 instant, exactly as `Date.parse` gives them.
 *
 * The shape the feeds and the backend write, `YYYY-MM-DDTHH:MM:SS`, an optional `.sss`, then `Z` or
 * `±HH:MM`, is read by character codes when every field is in range (Date.parse costs more than the
 * rest of a red evaluation); anything else, lenient forms such as `T24:00` included, goes to Date.parse.
 */
export function instantMs(text: string): number {
  const n = text.length;
  // 19 characters of date and time, then `.sss` or not, then `Z` (1) or `±HH:MM` (6).
  if (!(n === 20 || n === 24 || n === 25 || n === 29)) return Date.parse(text);
  const zone = n === 20 || n === 24 ? n - 1 : n - 6;
  if (text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return Date.parse(text);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Date.parse(text);
  // The length is one of the four above, so every index read below lies inside `text`.
  const hi = twoDigits(text, 0);
  const lo = twoDigits(text, 2);
  const m = twoDigits(text, 5);
  const d = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  let ms = 0;
  if (zone === 23) {
    const tens = twoDigits(text, 20);
    const last = digit(text, 22);
    if (text.charCodeAt(19) !== 46 || tens < 0 || last < 0) return Date.parse(text);
    ms = tens * 10 + last;
  }
  let offset = 0;
  const sign = text.charCodeAt(zone);
  if (n - zone === 1) {
    if (sign !== 90) return Date.parse(text); // Z
  } else {
    if ((sign !== 43 && sign !== 45) || text.charCodeAt(zone + 3) !== 58) return Date.parse(text);
    const oh = twoDigits(text, zone + 1);
    const om = twoDigits(text, zone + 4);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return Date.parse(text);
    offset = (sign === 45 ? -1 : 1) * (oh * 3_600_000 + om * 60_000);
  }
  if (hi < 0 || lo < 0 || m < 1 || m > 12 || d < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Date.parse(text);
  const y = hi * 100 + lo;
  if (d > daysInMonth(y, m)) return Date.parse(text);
  return civilDay(y, m, d) * MS_PER_DAY + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms - offset;
}

// ---- Calendar days ----

function requireDayNumber(day: CalendarDay): number {
  const n = dayNumber(day);
  if (Number.isNaN(n)) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  return n;
}

/**
 * Whether `value` is a real `YYYY-MM-DD` day (month 1–12, day that exists in that month).
 * @example isCalendarDay('2023-02-29') === false
 */
export function isCalendarDay(value: string): boolean {
  return !Number.isNaN(dayNumber(value));
}

/**
 * The Asia/Shanghai calendar day that contains the instant `date`.
 * @example shanghaiDay(new Date('2024-03-01T16:00:00Z')) === '2024-03-02'
 */
export function shanghaiDay(date: Date): CalendarDay {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return dayOfNumber(shanghaiDayNumber(ms));
}

/**
 * 00:00 Asia/Shanghai on `day`, as an instant. Throws a RangeError for a string that is not a real day.
 * @example startOfShanghaiDay('2024-03-02').toISOString() === '2024-03-01T16:00:00.000Z'
 */
export function startOfShanghaiDay(day: CalendarDay): Date {
  return new Date(requireDayNumber(day) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

/**
 * The calendar day `n` days after `day` (`n` may be negative).
 * @example addDays('2024-02-28', 2) === '2024-03-01'
 */
export function addDays(day: CalendarDay, n: number): CalendarDay {
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of days: ${n}`);
  return dayOfNumber(requireDayNumber(day) + n);
}

/**
 * Whole calendar days from `from` to `to` (positive when `to` is later).
 * @example daysBetween('2024-03-01', '2024-03-15') === 14
 */
export function daysBetween(from: CalendarDay, to: CalendarDay): number {
  return requireDayNumber(to) - requireDayNumber(from);
}

/**
 * "T + n" of the colour rules (docs/rules.md): 00:00 Asia/Shanghai on the n-th day after day T.
 * @example dayPlus('2024-03-01', 14).toISOString() === '2024-03-14T16:00:00.000Z'
 */
export function dayPlus(day: CalendarDay, n: number): Date {
  return startOfShanghaiDay(addDays(day, n));
}
