/**
 * The colour rules engine: `evaluate(facts, ruleset, now)`, pure and deterministic.
 *
 * Semantics are those of ruleset v1 in the design notes (rules.md); the ruleset document supplies the
 * colours, thresholds and texts. Time comes only from `now`. Facts dated after `now` (check-ins on a
 * later day, authority records with a later `at`) are not yet known and are ignored, so re-evaluating
 * history gives the answer the system gave then.
 *
 * Speed (issue #3; the green resident is most of the work, the check-ins of yellow and red ones most
 * of the rest):
 * - days are day numbers (whole days since 1970-01-01 in UTC+8; Asia/Shanghai has no daylight
 *   saving), parsed from `YYYY-MM-DD` by character codes and remembered by string (`dayOf`: few
 *   distinct days occur); authority instants are read the same way (`instantMs`, equal to Date.parse);
 * - precomputed once per ruleset object (`compileRuleset`): trigger colours, thresholds, reasons, the
 *   shared frozen green result; once per risk-area list (`areaIndex`): the levels by code, and a memo of
 *   which levels cover each region code. Both are memoised by object identity (WeakMap, with the last
 *   object kept in front), so callers pass the same objects on every call and must not mutate them;
 * - a resident with no trigger parses no day and allocates nothing; check-in streaks are counted in
 *   module-owned scratch buffers, only for residents with an active trigger;
 * - day strings are read by a year/month table (no divisions); instants by unrolled digit pairs;
 * - per ruleset, the reason list of each set of active triggers and each clearance are built once and
 *   shared frozen (results are equal, not identical); no Progress or working arrays are allocated.
 * - facts should come from one decoder (the backend's is functions/core/facts.ts): one shape per kind of
 *   fact keeps property reads monomorphic, and a resident's objects allocated together are read from a
 *   few cache lines. The same mix built by other code, strewn over the heap, evaluates 2–4× slower
 *   (`npm run bench` prints both).
 * tests/unit/shared/rules-fast-path.test.ts checks that warm memos answer exactly as fresh copies of the
 * facts do; the vectors (shared/rules/v1.vectors.json) pin the answers themselves.
 */
import { regionCovers } from '../regions';
import { TRIGGER_CODES, RELEASE_TRIGGERS, type Color, type Ruleset, type TriggerCode } from './schema';

export type { Color, Ruleset, TriggerCode } from './schema';

/** A calendar day in Asia/Shanghai, `YYYY-MM-DD`. */
export type Day = string;

/** One stay declared for the last 14 days. `to` is the last day the person was there. */
export interface TravelStay {
  region: string;
  from: Day;
  to: Day;
}

/**
 * A health declaration. Declared risk is sticky: a newer declaration adds triggers but never removes
 * one an earlier declaration started while its window runs; only a withdrawal (an accepted
 * correction) removes that one trigger of that one declaration.
 */
export interface DeclarationFacts {
  /** The Asia/Shanghai day the declaration was submitted. */
  day: Day;
  /** Where the resident is now (6-digit GB/T 2260); treated as a stay from `day` until now. */
  region: string;
  travel: readonly TravelStay[];
  /** Empty when none. */
  symptoms: readonly string[];
  /** °C, when the resident gave one. */
  temperature?: number;
  contactWithCase: boolean;
  /** Triggers of this declaration withdrawn by an accepted correction (纠错). */
  withdrawn?: readonly TriggerCode[];
}

/** A daily check-in (健康打卡). At most one per day. */
export interface CheckinFacts {
  day: Day;
  /** °C, 35.0–42.0 (anything else is rejected before it becomes a fact). */
  temperature: number;
  symptoms: readonly string[];
}

export type AuthorityRecordType =
  | 'confirmed'
  | 'suspected'
  | 'asymptomatic'
  | 'close-contact'
  | 'released'
  | 'test-result'
  | 'false-declaration';

/** A record from an authority feed, kept until its own clearing condition is met. */
export interface AuthorityRecordFacts {
  type: AuthorityRecordType;
  /** When the authority made the record (ISO 8601 with offset). Orders cases against releases. */
  at: string;
  /**
   * The day T the record is about: the last exposure day of a close contact, the finding day of a
   * false declaration, the release day. Defaults to the Asia/Shanghai day of `at`.
   */
  day?: Day;
  /** For `test-result`: only `positive` is a trigger. */
  result?: 'positive' | 'negative';
}

/** A risk area, passed in from the current risk-area list (not stored per resident). */
export interface RiskAreaFacts {
  /** `xx0000` covers a province, `xxxx00` a city, anything else one county. */
  region: string;
  level: 'high' | 'medium' | 'low';
  /** First day at this level. */
  since: Day;
  /** Last day at this level, when it has been lowered since; absent while it still holds. */
  until?: Day;
}

/** Everything the engine needs about one resident. This is what the backend persists per resident. */
export interface Facts {
  /** The latest declaration. */
  declaration?: DeclarationFacts;
  /** Earlier declarations, oldest first, whose triggers may still run (sticky declared risk). */
  earlierDeclarations?: readonly DeclarationFacts[];
  checkins: readonly CheckinFacts[];
  authority: readonly AuthorityRecordFacts[];
  riskAreas: readonly RiskAreaFacts[];
}

export interface Reason {
  code: TriggerCode;
  message: string;
  /** For a declared trigger: the day of the declaration that started it. */
  declaredOn?: Day;
}

export interface Clearance {
  /** Earliest green time (00:00 Asia/Shanghai of that day), assuming a normal check-in every day from now on. */
  earliestAt: string;
  /** T + days of the trigger that clears last: the end of its quarantine or observation period. */
  quarantineUntil?: string;
  checkinsRequired: number;
  /** Consecutive normal check-ins counted so far for that trigger (0 once the streak is broken). */
  checkinsDone: number;
  /** What is still missing, e.g. "还需连续打卡 3 天，观察期至 3月1日 结束，最早于 3月2日 转为绿码". */
  message: string;
}

export interface Evaluation {
  color: Color;
  rulesetVersion: string;
  /** Every active trigger, red before yellow, in the ruleset's trigger order. */
  reasons: readonly Reason[];
  /** From the trigger that clears last. Absent when green, or while a case waits for its release. */
  clearance?: Clearance;
  /**
   * The earliest instant at which the result could change with no new facts (ISO, +08:00). The
   * auto-conversion job re-evaluates the resident then. Never later than a real change; it may be
   * earlier (the job then finds nothing changed and stores the new nextReviewAt):
   * - check-ins complete, period not over: T + days, when the colour turns;
   * - check-ins missing: 00:00 after the next day that needs a check-in, when the streak projection
   *   (checkinsDone, earliestAt) moves if that check-in did not come, or T + days if that is sooner
   *   (the clearance message changes). A check-in itself is a new fact
   *   and is evaluated when it is written, which is how a colour turns when check-ins were last.
   * Absent when green, and while every trigger waits for an authority record (a release).
   */
  nextReviewAt?: string;
}

// ---------------------------------------------------------------------------------------------
// Colours

const RANK: Readonly<Record<Color, number>> = { green: 0, yellow: 1, red: 2 };

/** 0 green, 1 yellow, 2 red: higher is worse. */
export function colorRank(color: Color): number {
  return RANK[color];
}

/** The worse of two colours (red over yellow over green). */
export function worse(a: Color, b: Color): Color {
  return RANK[a] >= RANK[b] ? a : b;
}

// ---------------------------------------------------------------------------------------------
// Day numbers (UTC+8 fixed: Asia/Shanghai has had no daylight saving since 1991)

const OFFSET_MS = 8 * 3_600_000;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAY_MS = 86_400_000;

/** Day number of the instant, in Asia/Shanghai. */
function dayOfInstant(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS);
}

/**
 * Day number of `YYYY-MM-DD`, by character codes (no regex, no Date): this runs several times per
 * evaluation. NaN for anything malformed; NaN days never trigger (every comparison is false).
 */
export function dayNumber(day: string): number {
  if (day.length !== 10 || day.charCodeAt(4) !== 45 || day.charCodeAt(7) !== 45) return Number.NaN;
  // The length is 10, so every charCodeAt below is a code, never NaN; `(c - 48) >>> 0 > 9` rejects
  // anything but a digit (below '0' wraps around to a large unsigned number).
  const y0 = day.charCodeAt(0) - 48;
  const y1 = day.charCodeAt(1) - 48;
  const y2 = day.charCodeAt(2) - 48;
  const y3 = day.charCodeAt(3) - 48;
  const m0 = day.charCodeAt(5) - 48;
  const m1 = day.charCodeAt(6) - 48;
  const d0 = day.charCodeAt(8) - 48;
  const d1 = day.charCodeAt(9) - 48;
  if ((y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9 || (m0 >>> 0) > 9 || (m1 >>> 0) > 9 || (d0 >>> 0) > 9 || (d1 >>> 0) > 9) {
    return Number.NaN;
  }
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (!(y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return Number.NaN;
  return civilDay(y, m, d);
}

/**
 * Day number of y-m-d (month 1–12): a table lookup for the years in YEAR_START, else daysFromCivil.
 * Both give the same number: it is linear in d, so a day past the month's end, say 02-31, runs into
 * the next month either way.
 */
function civilDay(y: number, m: number, d: number): number {
  const k = y - TABLE_FIRST_YEAR;
  if (k >= 0 && k < TABLE_YEARS) return YEAR_START[k]! + MONTH_START[(IS_LEAP[k]! ? 13 : 0) + m]! + d - 1;
  return daysFromCivil(y, m, d);
}

/**
 * dayNumber through a memo: the days in residents' facts are few (check-ins of the last weeks, recent
 * declarations), and a Map lookup of a string whose hash V8 already holds (JSON.parse, and so the SDK's
 * unmarshall, hands back such strings) costs about half a parse. Bounded: past DAY_MEMO_LIMIT distinct
 * strings it starts over. Malformed days are remembered as NaN like any other.
 */
function dayOf(day: string): number {
  let n = dayMemo.get(day);
  if (n === undefined) {
    n = dayNumber(day);
    if (dayMemo.size >= DAY_MEMO_LIMIT) dayMemo.clear();
    dayMemo.set(day, n);
  }
  return n;
}
const DAY_MEMO_LIMIT = 4096;
const dayMemo = new Map<string, number>();

/**
 * Precomputed for dayNumber: the day number of 1 January of each year TABLE_FIRST_YEAR.., whether it
 * is a leap year, and the days before each month (index m, then 13 + m in a leap year).
 */
const TABLE_FIRST_YEAR = 1900;
const TABLE_YEARS = 300;
const YEAR_START = new Int32Array(TABLE_YEARS);
const IS_LEAP = new Uint8Array(TABLE_YEARS);
const MONTH_START = new Int16Array(26);
for (let k = 0; k < TABLE_YEARS; k++) {
  const y = TABLE_FIRST_YEAR + k;
  YEAR_START[k] = daysFromCivil(y, 1, 1);
  IS_LEAP[k] = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 1 : 0;
}
for (let m = 2; m <= 12; m++) {
  MONTH_START[m] = MONTH_START[m - 1]! + MONTH_DAYS[m - 2]!;
  MONTH_START[13 + m] = MONTH_START[m]! + (m > 2 ? 1 : 0);
}

/** Days from civil (H. Hinnant), proleptic Gregorian: day number of y-m-d. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    n = n * 10 + c;
  }
  return n;
}

/**
 * The two digits at `i` and `i + 1` of `s` as a number, or NaN; both indexes must lie inside `s` (a
 * code below '0' wraps around to a large unsigned number, so one comparison rejects any non-digit).
 */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return (a >>> 0) > 9 || (b >>> 0) > 9 ? Number.NaN : a * 10 + b;
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


/**
 * Milliseconds since the epoch of an ISO 8601 instant, exactly as `Date.parse` gives them.
 *
 * Authority records carry `at`, and `Date.parse` costs more than the rest of a red evaluation. The
 * shape the feeds and the backend write, `YYYY-MM-DDTHH:MM:SS` with an optional `.sss` and then `Z` or
 * `±HH:MM`, is read here by character codes when every field is in range (a day that exists in its
 * month, hours 0–23, ...). Anything else, including forms Date.parse reads leniently (`T24:00`, the
 * 31st of February), goes to Date.parse itself, so the answer is always Date.parse's.
 */
export function instantMs(text: string): number {
  const n = text.length;
  // 19 characters of date and time, then `.sss` or not, then `Z` (1) or `±HH:MM` (6).
  const zone = n === 20 || n === 24 ? n - 1 : n - 6;
  if (!(n === 20 || n === 24 || n === 25 || n === 29)) return Date.parse(text);
  if (text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return Date.parse(text);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Date.parse(text);
  // The length is one of the four above, so every index read below lies inside `text`.
  const y = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const m = twoDigits(text, 5);
  const d = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  let ms = 0;
  if (zone === 23) {
    if (text.charCodeAt(19) !== 46) return Date.parse(text);
    const last = text.charCodeAt(22) - 48;
    ms = twoDigits(text, 20) * 10 + ((last >>> 0) > 9 ? Number.NaN : last);
  }
  let offset = 0;
  const sign = text.charCodeAt(zone);
  if (n - zone === 1) {
    if (sign !== 90) return Date.parse(text); // Z
  } else {
    if ((sign !== 43 && sign !== 45) || text.charCodeAt(zone + 3) !== 58) return Date.parse(text);
    const oh = twoDigits(text, zone + 1);
    const om = twoDigits(text, zone + 4);
    if (!(oh <= 23 && om <= 59)) return Date.parse(text);
    offset = (sign === 45 ? -1 : 1) * (oh * 3_600_000 + om * 60_000);
  }
  const monthDays = m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : MONTH_DAYS[m - 1]!;
  // NaN digits fail these comparisons too.
  if (!(y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= monthDays && hour <= 23 && minute <= 59 && second <= 59 && ms >= 0)) return Date.parse(text);
  return civilDay(y, m, d) * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms - offset;
}

// Only a few distinct days are ever formatted (around "today"), so a small memo removes the cost.
const isoMemo = new Map<number, string>();
const labelMemo = new Map<number, string>();

/** 00:00 Asia/Shanghai of a day number, as ISO 8601 with offset: `2020-02-25T00:00:00+08:00`. */
function isoStartOfDay(n: number): string {
  let text = isoMemo.get(n);
  if (text === undefined) {
    const [y, m, d] = civil(n);
    text = `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}T00:00:00+08:00`;
    if (isoMemo.size > 4096) isoMemo.clear();
    isoMemo.set(n, text);
  }
  return text;
}

/** A day as residents read it: `2月25日`. */
function dayLabel(n: number): string {
  let text = labelMemo.get(n);
  if (text === undefined) {
    const [, m, d] = civil(n);
    text = `${m}月${d}日`;
    if (labelMemo.size > 4096) labelMemo.clear();
    labelMemo.set(n, text);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Compiled ruleset: everything `evaluate` needs from the document, prepared once per ruleset object

interface CompiledTrigger {
  code: TriggerCode;
  /** Position in TRIGGER_CODES, for ordering reasons. */
  order: number;
  rank: number;
  onRelease: boolean;
  days: number;
  checkins: number;
  reason: Reason;
}

export interface CompiledRuleset {
  version: string;
  feverTemperature: number;
  stayLookbackDays: number;
  triggers: Readonly<Record<TriggerCode, CompiledTrigger>>;
  /** The after-observation triggers in TRIGGER_CODES order (the order `evaluate` considers them in). */
  afterObservation: readonly CompiledTrigger[];
  texts: Ruleset['texts'];
  /** The one "green, no reasons" result, frozen and shared by every green evaluation. */
  green: Evaluation;
  /** Clearance messages already built (bounded; see clearanceMessage). */
  messages: Map<number, string>;
  /** Clearances already built, frozen (bounded; see clearanceOf). */
  clearances: Map<number, Clearance>;
  /** Frozen reason lists by set of active triggers, built on first use (see reasonsOf). */
  reasonsBySet: (readonly Reason[] | undefined)[];
}

const EMPTY_REASONS: readonly Reason[] = Object.freeze([]);
const compiledRulesets = new WeakMap<Ruleset, CompiledRuleset>();
// The backend passes the same ruleset object to every call, so the last one is kept in front of the
// WeakMap: a pointer comparison instead of a hash lookup per evaluation.
let lastRuleset: Ruleset | undefined;
let lastCompiled: CompiledRuleset | undefined;

/**
 * Prepares a validated ruleset for evaluation. Memoised by object identity, so `evaluate` may be given
 * the ruleset object itself on every call. A ruleset is treated as immutable once evaluated.
 */
export function compileRuleset(ruleset: Ruleset): CompiledRuleset {
  if (ruleset === lastRuleset) return lastCompiled!;
  let compiled = compiledRulesets.get(ruleset);
  if (!compiled) {
    compiled = compile(ruleset);
    compiledRulesets.set(ruleset, compiled);
  }
  lastRuleset = ruleset;
  lastCompiled = compiled;
  return compiled;
}

function compile(ruleset: Ruleset): CompiledRuleset {
  const triggers = {} as Record<TriggerCode, CompiledTrigger>;
  TRIGGER_CODES.forEach((code, order) => {
    const trigger = ruleset.triggers[code];
    const threshold = ruleset.thresholds[trigger.color];
    triggers[code] = {
      code,
      order,
      rank: RANK[trigger.color],
      onRelease: RELEASE_TRIGGERS.has(code),
      days: threshold.days,
      checkins: threshold.checkins,
      reason: Object.freeze({ code, message: trigger.reason }),
    };
  });
  return {
    version: ruleset.version,
    feverTemperature: ruleset.thresholds.feverTemperature,
    stayLookbackDays: ruleset.thresholds.stayLookbackDays,
    triggers,
    afterObservation: TRIGGER_CODES.filter((code) => !RELEASE_TRIGGERS.has(code)).map((code) => triggers[code]),
    texts: ruleset.texts,
    green: Object.freeze({ color: 'green', rulesetVersion: ruleset.version, reasons: EMPTY_REASONS }),
    messages: new Map(),
    clearances: new Map(),
    reasonsBySet: new Array<readonly Reason[] | undefined>(1 << TRIGGER_CODES.length).fill(undefined),
  };
}

// ---------------------------------------------------------------------------------------------
// Risk areas: indexed once per list (memoised by identity), looked up by county, city and province code

interface AreaLevel {
  region: string;
  high: boolean;
  since: number;
  until: number;
}

interface AreaIndex {
  /** Levels filed under their area's code as a number: a county, a city (xxxx00) or a province (xx0000). */
  byCode: Map<number, AreaLevel[]>;
  /**
   * Memo, per region code where someone stayed: every level whose area covers that region. Coverage
   * depends on the codes only, never on dates, so it is worked out once per code; most codes (the
   * resident's own county, trips inside the province) get the shared empty list.
   */
  covering: Map<string, readonly AreaLevel[]>;
}

const NO_LEVELS: readonly AreaLevel[] = Object.freeze([]);
/** More distinct codes than this (GB/T 2260 has about 3,200 counties) and the memo starts over. */
const COVERING_MEMO_LIMIT = 10_000;
const areaIndexes = new WeakMap<readonly RiskAreaFacts[], AreaIndex>();
// As for rulesets: the backend passes one risk-area list to every evaluation until the list changes.
let lastAreas: readonly RiskAreaFacts[] | undefined;
let lastAreaIndex: AreaIndex | undefined;

/** A six-digit code as a number (a small integer: cheap Map keys, no string hashing), or NaN. */
function regionNumber(code: string): number {
  return code.length === 6 ? digits(code, 0, 6) : Number.NaN;
}

/** The index of a risk-area list, memoised by identity (the list is treated as immutable). */
function areaIndex(areas: readonly RiskAreaFacts[]): AreaIndex {
  if (areas === lastAreas) return lastAreaIndex!;
  let index = areaIndexes.get(areas);
  if (!index) {
    index = { byCode: new Map(), covering: new Map() };
    for (const area of areas) {
      const key = regionNumber(area.region);
      if (area.level === 'low' || key !== key) continue;
      const entry: AreaLevel = {
        region: area.region,
        high: area.level === 'high',
        since: dayNumber(area.since),
        until: area.until === undefined ? Number.POSITIVE_INFINITY : dayNumber(area.until),
      };
      const list = index.byCode.get(key);
      if (list) list.push(entry);
      else index.byCode.set(key, [entry]);
    }
    areaIndexes.set(areas, index);
  }
  lastAreas = areas;
  lastAreaIndex = index;
  return index;
}

/** Every level covering `region`: looked up under its county, city (xxxx00) and province (xx0000) codes. */
function coveringLevels(index: AreaIndex, region: string): readonly AreaLevel[] {
  let levels = index.covering.get(region);
  if (levels !== undefined) return levels;
  const found: AreaLevel[] = [];
  const county = regionNumber(region);
  if (county === county) {
    const city = county - (county % 100);
    const province = county - (county % 10_000);
    collectCovering(index.byCode.get(county), region, found);
    if (city !== county) collectCovering(index.byCode.get(city), region, found);
    if (province !== city) collectCovering(index.byCode.get(province), region, found);
  }
  levels = found.length === 0 ? NO_LEVELS : found;
  if (index.covering.size >= COVERING_MEMO_LIMIT) index.covering.clear();
  index.covering.set(region, levels);
  return levels;
}

function collectCovering(levels: AreaLevel[] | undefined, region: string, into: AreaLevel[]): void {
  if (levels === undefined) return;
  for (const level of levels) if (regionCovers(level.region, region)) into.push(level);
}

/**
 * Day T of a stay from `from` to `to` for one risk level (high or medium): the latest day on which the
 * person was in a covering area while it was at that level, or NaN when there is none.
 */
function stayDay(levels: readonly AreaLevel[], high: boolean, from: number, to: number): number {
  let day = Number.NaN;
  for (const level of levels) {
    if (level.high !== high || !(level.since <= to && level.until >= from)) continue;
    day = later(day, to < level.until ? to : level.until);
  }
  return day;
}

// ---------------------------------------------------------------------------------------------
// Check-in streaks

/**
 * Maximal runs of consecutive normal check-in days up to today, ascending: run i spans
 * starts[i]..ends[i] for i < count.
 *
 * The arrays are scratch buffers owned by this module and overwritten by every evaluation that needs
 * runs (evaluate is synchronous and never re-entered), so counting streaks allocates nothing.
 */
interface Runs {
  starts: Int32Array;
  ends: Int32Array;
  count: number;
  /** Day of the latest check-in up to today, or -Infinity. */
  lastDay: number;
}

const runs: Runs = { starts: new Int32Array(64), ends: new Int32Array(64), count: 0, lastDay: Number.NEGATIVE_INFINITY };
/** Scratch: day number and normality of each check-in up to today, in input order. */
let checkinDays = new Int32Array(64);
let checkinNormal = new Uint8Array(64);

function buildRuns(checkins: readonly CheckinFacts[], fever: number, today: number): Runs {
  if (checkinDays.length < checkins.length) {
    const size = 2 * checkins.length;
    checkinDays = new Int32Array(size);
    checkinNormal = new Uint8Array(size);
    runs.starts = new Int32Array(size);
    runs.ends = new Int32Array(size);
  }
  const days = checkinDays;
  const normal = checkinNormal;
  const { starts, ends } = runs;
  let n = 0;
  let sorted = true;
  for (const checkin of checkins) {
    const day = dayOf(checkin.day);
    if (!(day <= today)) continue;
    if (n > 0 && day < days[n - 1]!) sorted = false;
    days[n] = day;
    normal[n] = checkin.temperature < fever && checkin.symptoms.length === 0 ? 1 : 0;
    n++;
  }
  // Check-ins usually arrive in day order; otherwise visit them through a stable sort of their indexes.
  let order: number[] | undefined;
  if (!sorted) order = Array.from({ length: n }, (_, i) => i).sort((a, b) => days[a]! - days[b]!);
  let count = 0;
  let abnormalDay = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    const i = order ? order[k]! : k;
    const day = days[i]!;
    const last = count - 1;
    if (!normal[i]) {
      abnormalDay = day;
      // A second record of the same day that is abnormal makes the whole day abnormal.
      if (last >= 0 && ends[last] === day) {
        if (starts[last] === day) count--;
        else ends[last] = day - 1;
      }
    } else if (day === abnormalDay || (last >= 0 && ends[last] === day)) {
      continue;
    } else if (last >= 0 && ends[last] === day - 1) {
      ends[last] = day;
    } else {
      starts[count] = day;
      ends[count] = day;
      count++;
    }
  }
  runs.count = count;
  runs.lastDay = n > 0 ? days[order ? order[n - 1]! : n - 1]! : Number.NEGATIVE_INFINITY;
  return runs;
}

interface Progress {
  /** First day at 00:00 of which the trigger can be clear, assuming a normal check-in every day. */
  earliest: number;
  done: number;
  /** Day at 00:00 of which the result may change with no new facts. */
  review: number;
}

/** Scratch written by `progress` (evaluate copies what it keeps), so no object is allocated per trigger. */
const progressOut: Progress = { earliest: 0, done: 0, review: 0 };

/**
 * Where an after-observation trigger stands: false when it is already clear, else true with
 * `progressOut` filled in. Clear once today ≥ T + days and some run holds `checkins` consecutive
 * normal days on or after T.
 */
function progress(t: number, days: number, checkins: number, runs: Runs, today: number): boolean {
  const out = progressOut;
  let complete = checkins === 0;
  const n = runs.count;
  for (let i = n - 1; i >= 0 && !complete; i--) {
    const end = runs.ends[i]!;
    if (end < t) break;
    const start = runs.starts[i]! > t ? runs.starts[i]! : t;
    if (end - start + 1 >= checkins) complete = true;
  }
  const periodEnd = t + days;
  if (complete) {
    if (today >= periodEnd) return false;
    out.earliest = periodEnd;
    out.done = checkins;
    out.review = periodEnd;
    return true;
  }

  // The running streak: the last run, if it reaches today, or yesterday while today has no check-in
  // (an abnormal one today has broken it), and lies on or after T.
  let done = 0;
  let next: number;
  const lastEnd = n > 0 ? runs.ends[n - 1]! : Number.NEGATIVE_INFINITY;
  if (lastEnd >= t && (lastEnd === today || (lastEnd === today - 1 && runs.lastDay !== today))) {
    const start = runs.starts[n - 1]! > t ? runs.starts[n - 1]! : t;
    done = lastEnd - start + 1;
    next = lastEnd + 1;
  } else {
    // No running streak: it can start today, or tomorrow when today's check-in was abnormal.
    next = runs.lastDay === today ? today + 1 : today;
    if (t > next) next = t;
  }
  const streakDay = next + (checkins - done) - 1;
  // The projection moves 00:00 after the next needed check-in day if it does not come; the
  // "observation until" text goes at the period's end.
  out.review = today < periodEnd && periodEnd < next + 1 ? periodEnd : next + 1;
  out.earliest = streakDay > periodEnd ? streakDay : periodEnd;
  out.done = done;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Declared triggers

/** Scratch for declaredTriggers: day T and source declaration day of each declared trigger (NaN: none). */
interface DeclaredScratch {
  contact: number;
  fever: number;
  high: number;
  medium: number;
  contactSrc: number;
  feverSrc: number;
  highSrc: number;
  mediumSrc: number;
  rollingHigh: boolean;
  rollingMedium: boolean;
}
const declaredScratch: DeclaredScratch = {
  contact: Number.NaN, fever: Number.NaN, high: Number.NaN, medium: Number.NaN,
  contactSrc: Number.NaN, feverSrc: Number.NaN, highSrc: Number.NaN, mediumSrc: Number.NaN,
  rollingHigh: false, rollingMedium: false,
};

/** Whether a correction withdrew this trigger of a declaration. Top level: a closure per call costs more than the rest. */
function isWithdrawn(withdrawn: readonly TriggerCode[] | undefined, code: TriggerCode): boolean {
  return withdrawn !== undefined && withdrawn.includes(code);
}

/**
 * Adds the triggers one declaration started to `out` (the later T wins; its declaration is the source).
 * `until` is the day the next declaration replaced this one as the current region (NaN for the latest,
 * whose current region is a stay until now).
 */
function declaredTriggers(
  declaration: DeclarationFacts,
  until: number,
  riskAreas: readonly RiskAreaFacts[],
  rules: CompiledRuleset,
  today: number,
  fever: number,
  out: DeclaredScratch,
): void {
  const withdrawn = declaration.withdrawn;
  // The declaration day is parsed only when something declared can trigger.
  let declared = Number.NaN;
  const feverish = declaration.symptoms.length > 0 || (declaration.temperature !== undefined && declaration.temperature >= fever);
  if (declaration.contactWithCase && !isWithdrawn(withdrawn, 'declared-contact')) {
    declared = dayOf(declaration.day);
    if (!(declared <= out.contact)) {
      out.contact = declared;
      out.contactSrc = declared;
    }
  }
  if (feverish && !isWithdrawn(withdrawn, 'fever-or-symptoms')) {
    if (!isDay(declared)) declared = dayOf(declaration.day);
    if (!(declared <= out.fever)) {
      out.fever = declared;
      out.feverSrc = declared;
    }
  }
  if (riskAreas.length === 0) return;
  const index = areaIndex(riskAreas);
  if (index.byCode.size === 0) return;
  const offHigh = isWithdrawn(withdrawn, 'high-risk-stay');
  const offMedium = isWithdrawn(withdrawn, 'medium-risk-stay');
  if (offHigh && offMedium) return;
  let high = Number.NaN;
  let medium = Number.NaN;
  for (const stay of declaration.travel) {
    const levels = coveringLevels(index, stay.region);
    if (levels.length === 0) continue;
    if (!isDay(declared)) declared = dayOf(declaration.day);
    const to = dayOf(stay.to);
    if (!(to >= declared - rules.stayLookbackDays)) continue;
    const from = dayOf(stay.from);
    high = later(high, stayDay(levels, true, from, to));
    medium = later(medium, stayDay(levels, false, from, to));
  }
  // The current region is a stay from the declaration until the next one (or until now, for the
  // latest: its T is today and moves every day, so such a trigger is reviewed at the next day boundary).
  const levels = coveringLevels(index, declaration.region);
  let rollingHigh = false;
  let rollingMedium = false;
  if (levels.length > 0) {
    if (!isDay(declared)) declared = dayOf(declaration.day);
    const latest = !isDay(until);
    const end = latest ? (today > declared ? today : declared) : until > declared ? until : declared;
    const ongoingHigh = stayDay(levels, true, declared, end);
    const ongoingMedium = stayDay(levels, false, declared, end);
    rollingHigh = latest && ongoingHigh === today;
    rollingMedium = latest && ongoingMedium === today;
    high = later(high, ongoingHigh);
    medium = later(medium, ongoingMedium);
  }
  if (!offHigh && isDay(high) && !(high <= out.high)) {
    out.high = high;
    out.highSrc = declared;
  }
  // Rolling even when an earlier declaration already gave today (same T, kept as the source).
  if (!offHigh && rollingHigh) out.rollingHigh = out.high === today;
  if (!offMedium && isDay(medium) && !(medium <= out.medium)) {
    out.medium = medium;
    out.mediumSrc = declared;
  }
  // Rolling even when an earlier declaration already gave today (same T, kept as the source).
  if (!offMedium && rollingMedium) out.rollingMedium = out.medium === today;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** The later of two day numbers, where NaN means "none". */
function later(a: number, b: number): number {
  return b > a || a !== a ? b : a;
}

/** Whether a day T is set (NaN means the trigger is not active). */
function isDay(t: number): boolean {
  return t === t;
}

const CONFIRMED = TRIGGER_CODES.indexOf('confirmed-case');
const SUSPECTED = TRIGGER_CODES.indexOf('suspected-case');
const ASYMPTOMATIC = TRIGGER_CODES.indexOf('asymptomatic-case');
const POSITIVE_TEST = TRIGGER_CODES.indexOf('positive-test');

/**
 * Position in TRIGGER_CODES of the case trigger an authority record raises, or -1 (a switch: a keyed
 * lookup by a variable string is a hash lookup on every record).
 */
function caseTrigger(type: AuthorityRecordType, result: AuthorityRecordFacts['result']): number {
  switch (type) {
    case 'confirmed':
      return CONFIRMED;
    case 'suspected':
      return SUSPECTED;
    case 'asymptomatic':
      return ASYMPTOMATIC;
    case 'test-result':
      return result === 'positive' ? POSITIVE_TEST : -1;
    default:
      return -1;
  }
}
/** Scratch: latest `at` per case trigger (by position in TRIGGER_CODES), reset by each evaluation that uses it. */
const caseAt = new Float64Array(TRIGGER_CODES.length);
/** Scratch: day T of each after-observation trigger, in the order of CompiledRuleset.afterObservation. */
const dayT = new Float64Array(TRIGGER_CODES.length);

/**
 * Evaluates one resident's colour under a ruleset at `now`.
 *
 * 1. Collects active triggers with their day T: declared ones from the latest declaration only
 *    (contact, fever or symptoms, stays in risk areas), check-in fevers, authority records.
 * 2. Drops after-observation triggers that are clear (T + days reached and enough consecutive normal
 *    check-ins on or after T); an abnormal check-in breaks every running streak.
 * 3. Colour = the worst active trigger; clearance from the trigger that clears last.
 *
 * A resident with no trigger at all (most of them) takes a short path: no day is parsed unless a
 * fact could trigger, nothing is allocated, and the shared frozen green result is returned.
 *
 * Pure; never throws on facts that satisfy `factsSchema`. The returned object may be shared and frozen.
 * @example evaluate({ checkins: [], authority: [], riskAreas: [] }, rulesetV1, now).color === 'green'
 */
export function evaluate(facts: Facts, ruleset: Ruleset, now: Date): Evaluation {
  const rules = compileRuleset(ruleset);
  const nowMs = now.getTime();
  const today = dayOfInstant(nowMs);
  const fever = rules.feverTemperature;

  // Day T per trigger (NaN: inactive).
  let contactDay = Number.NaN;
  let declaredContactDay = Number.NaN;
  let falseDeclarationDay = Number.NaN;
  let feverDay = Number.NaN;
  let releasedDay = Number.NaN;
  let highDay = Number.NaN;
  let mediumDay = Number.NaN;
  /** Active case triggers, bit i for TRIGGER_CODES[i]; 0 when none. */
  let activeCases = 0;
  let rollingHigh = false;
  let rollingMedium = false;

  const declaration = facts.declaration;
  if (declaration !== undefined) {
    // Declared risk is sticky: every earlier declaration still in the facts adds its triggers, and
    // a newer one never removes them (only a correction's withdrawal does, per trigger).
    const earlier = facts.earlierDeclarations;
    const scratch = declaredScratch;
    scratch.contact = scratch.fever = scratch.high = scratch.medium = Number.NaN;
    scratch.contactSrc = scratch.feverSrc = scratch.highSrc = scratch.mediumSrc = Number.NaN;
    scratch.rollingHigh = scratch.rollingMedium = false;
    if (earlier !== undefined) {
      for (let i = 0; i < earlier.length; i++) {
        // An earlier declaration's current region is a stay until the next declaration's day.
        const next = i + 1 < earlier.length ? earlier[i + 1]! : declaration;
        declaredTriggers(earlier[i]!, dayOf(next.day), facts.riskAreas, rules, today, fever, scratch);
      }
    }
    declaredTriggers(declaration, Number.NaN, facts.riskAreas, rules, today, fever, scratch);
    declaredContactDay = scratch.contact;
    feverDay = scratch.fever;
    highDay = scratch.high;
    mediumDay = scratch.medium;
    rollingHigh = scratch.rollingHigh;
    rollingMedium = scratch.rollingMedium;
  }

  for (const checkin of facts.checkins) {
    if (checkin.temperature >= fever || checkin.symptoms.length > 0) {
      const day = dayOf(checkin.day);
      if (day <= today && !(day <= feverDay)) {
        feverDay = day;
        declaredScratch.feverSrc = Number.NaN;
      }
    }
  }

  if (facts.authority.length > 0) {
    let lastCaseAt = Number.NEGATIVE_INFINITY;
    let lastReleaseAt = Number.NEGATIVE_INFINITY;
    let lastRelease: AuthorityRecordFacts | undefined;
    for (let i = 0; i < caseAt.length; i++) caseAt[i] = Number.NEGATIVE_INFINITY;
    for (const record of facts.authority) {
      const at = instantMs(record.at);
      if (!(at <= nowMs)) continue;
      const type = record.type;
      const caseIndex = caseTrigger(type, record.result);
      if (caseIndex >= 0) {
        if (!(caseAt[caseIndex]! >= at)) caseAt[caseIndex] = at;
        if (at > lastCaseAt) lastCaseAt = at;
      } else if (type === 'released') {
        if (at > lastReleaseAt) {
          lastReleaseAt = at;
          lastRelease = record;
        }
      } else if (type === 'close-contact' || type === 'false-declaration') {
        const day = record.day === undefined ? dayOfInstant(at) : dayOf(record.day);
        if (type === 'close-contact') contactDay = later(contactDay, day);
        else falseDeclarationDay = later(falseDeclarationDay, day);
      }
    }
    // Only a release made after a case ends it (one at the same instant does not).
    for (let i = 0; i < caseAt.length; i++) if (caseAt[i]! > Number.NEGATIVE_INFINITY && !(lastReleaseAt > caseAt[i]!)) activeCases |= 1 << i;
    // Released after the last case record: observed as a close contact from the release day.
    if (activeCases === 0 && lastRelease !== undefined && lastReleaseAt > lastCaseAt && lastCaseAt > Number.NEGATIVE_INFINITY) {
      releasedDay = lastRelease.day === undefined ? dayOfInstant(lastReleaseAt) : dayOf(lastRelease.day);
    }
  }

  if (
    activeCases === 0 &&
    !isDay(releasedDay) &&
    !isDay(contactDay) &&
    !isDay(declaredContactDay) &&
    !isDay(falseDeclarationDay) &&
    !isDay(highDay) &&
    !isDay(mediumDay) &&
    !isDay(feverDay)
  ) {
    return rules.green;
  }

  // The active triggers as a set (bit = position in TRIGGER_CODES): the cases, then the
  // after-observation ones that are not clear yet.
  let active = activeCases;
  let rank = activeCases !== 0 ? 2 : 0;
  // The binding trigger (the one that clears last): its position in afterObservation, T and progress.
  let bound = -1;
  let boundT = 0;
  let boundEarliest = 0;
  let boundDone = 0;
  let review = Number.POSITIVE_INFINITY;
  dayT[0] = releasedDay;
  dayT[1] = contactDay;
  dayT[2] = declaredContactDay;
  dayT[3] = falseDeclarationDay;
  dayT[4] = highDay;
  dayT[5] = mediumDay;
  dayT[6] = feverDay;
  const after = rules.afterObservation;
  let runsOfToday: Runs | undefined;
  for (let k = 0; k < after.length; k++) {
    const t = dayT[k]!;
    if (!isDay(t)) continue;
    const trigger = after[k]!;
    runsOfToday ??= buildRuns(facts.checkins, fever, today);
    if (!progress(t, trigger.days, trigger.checkins, runsOfToday, today)) continue;
    const p = progressOut;
    active |= 1 << trigger.order;
    if (trigger.rank > rank) rank = trigger.rank;
    if ((trigger.code === 'high-risk-stay' && rollingHigh) || (trigger.code === 'medium-risk-stay' && rollingMedium)) p.review = today + 1;
    if (p.review < review) review = p.review;
    if (bound < 0 || clearsLater(trigger, p.earliest, p.done, after[bound]!, boundEarliest, boundDone)) {
      bound = k;
      boundT = t;
      boundEarliest = p.earliest;
      boundDone = p.done;
    }
  }
  if (active === 0) return rules.green;

  // Every field at once, so every result has one shape (absent fields are undefined). A case waiting
  // for its release clears last of all, and has no date.
  return {
    color: rank === 2 ? 'red' : 'yellow',
    rulesetVersion: rules.version,
    reasons: declaration === undefined ? reasonsOf(rules, active) : withSources(rules, reasonsOf(rules, active), active),
    clearance: activeCases === 0 && bound >= 0 ? clearanceOf(rules, bound, boundT, boundEarliest, boundDone, today) : undefined,
    nextReviewAt: review !== Number.POSITIVE_INFINITY ? isoStartOfDay(review) : undefined,
  };
}

/** When a ruleset names no text for it. */
const DECLARED_BY = '依据您 {date} 的健康申报';
const DECLARED_CONTACT = TRIGGER_CODES.indexOf('declared-contact');
const HIGH_STAY = TRIGGER_CODES.indexOf('high-risk-stay');
const MEDIUM_STAY = TRIGGER_CODES.indexOf('medium-risk-stay');
const FEVER = TRIGGER_CODES.indexOf('fever-or-symptoms');

/** Whether an active declared trigger has the declaration that started it. */
function hasSource(active: number, bit: number, day: number): boolean {
  return (active & (1 << bit)) !== 0 && isDay(day);
}

/**
 * The reasons with the declaration that started each declared trigger (day and a line of text), so a
 * resident sees which declaration keeps a colour. Shared reasons are returned when none is declared.
 */
function withSources(rules: CompiledRuleset, reasons: readonly Reason[], active: number): readonly Reason[] {
  const s = declaredScratch;
  if (
    !hasSource(active, DECLARED_CONTACT, s.contactSrc) &&
    !hasSource(active, HIGH_STAY, s.highSrc) &&
    !hasSource(active, MEDIUM_STAY, s.mediumSrc) &&
    !hasSource(active, FEVER, s.feverSrc)
  ) return reasons;
  return reasons.map((reason) => {
    const day =
      reason.code === 'declared-contact' ? s.contactSrc :
      reason.code === 'high-risk-stay' ? s.highSrc :
      reason.code === 'medium-risk-stay' ? s.mediumSrc :
      reason.code === 'fever-or-symptoms' ? s.feverSrc : Number.NaN;
    if (!isDay(day)) return reason;
    const [y, m, d] = civil(day);
    const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    return { code: reason.code, message: `${reason.message}（${(rules.texts.declaredBy ?? DECLARED_BY).replace('{date}', dayLabel(day))}）`, declaredOn: iso };
  });
}

function clearsLater(a: CompiledTrigger, earliestA: number, doneA: number, b: CompiledTrigger, earliestB: number, doneB: number): boolean {
  if (earliestA !== earliestB) return earliestA > earliestB;
  const missingA = a.checkins - doneA;
  const missingB = b.checkins - doneB;
  if (missingA !== missingB) return missingA > missingB;
  return a.rank > b.rank;
}

/**
 * The reasons for a set of active triggers (bit = position in TRIGGER_CODES): red before yellow, each
 * in TRIGGER_CODES order. The list depends on the set only, so each one is built once per compiled
 * ruleset and shared, frozen (2^11 possible sets; few occur).
 */
function reasonsOf(rules: CompiledRuleset, active: number): readonly Reason[] {
  let reasons = rules.reasonsBySet[active];
  if (reasons === undefined) {
    const list: Reason[] = [];
    for (const code of TRIGGER_CODES) {
      const trigger = rules.triggers[code];
      if (trigger.rank === 2 && active & (1 << trigger.order)) list.push(trigger.reason);
    }
    for (const code of TRIGGER_CODES) {
      const trigger = rules.triggers[code];
      if (trigger.rank !== 2 && active & (1 << trigger.order)) list.push(trigger.reason);
    }
    reasons = Object.freeze(list);
    rules.reasonsBySet[active] = reasons;
  }
  return reasons;
}

/**
 * The clearance from the binding trigger (position k in afterObservation, day T, progress). It depends
 * on k, T + days, the earliest day, the check-ins done and whether the period still runs, and few
 * distinct ones exist on a given day, so they are memoised per compiled ruleset, frozen and shared,
 * under one number packing those inputs (see clearanceKey); inputs that do not fit are not memoised.
 */
function clearanceOf(rules: CompiledRuleset, k: number, t: number, earliest: number, done: number, today: number): Clearance {
  const trigger = rules.afterObservation[k]!;
  const periodEnd = t + trigger.days;
  const running = today < periodEnd;
  const gap = earliest - periodEnd; // ≥ 0: earliest is never before the period's end
  const memoise = earliest >= 0 && earliest < 500_000 && gap >= 0 && gap < 1000 && done >= 0 && done < 1000;
  // earliest·3.2·10⁷ + gap·3.2·10⁴ + done·32 + k·2 + running: below 2⁵³ for earliest < 5·10⁵, k < 16.
  const key = ((earliest * 1000 + gap) * 1000 + done) * 32 + k * 2 + (running ? 1 : 0);
  let clearance = memoise ? rules.clearances.get(key) : undefined;
  if (clearance === undefined) {
    clearance = {
      earliestAt: isoStartOfDay(earliest),
      quarantineUntil: isoStartOfDay(periodEnd),
      checkinsRequired: trigger.checkins,
      checkinsDone: done,
      message: clearanceMessage(rules, trigger.checkins - done, running ? periodEnd : Number.NaN, earliest),
    };
    if (memoise) {
      Object.freeze(clearance);
      if (rules.clearances.size >= 4096) rules.clearances.clear();
      rules.clearances.set(key, clearance);
    }
  }
  return clearance;
}

/**
 * "还需连续打卡 3 天，观察期至 3月1日 结束，最早于 3月2日 转为绿码": the missing check-ins (when any), the
 * end of the observation period (while it runs; NaN otherwise), the earliest green day.
 *
 * Few distinct messages exist on a given day, so they are memoised per compiled ruleset, under one
 * number that packs the three inputs: earliest·10⁶ + gap·10³ + missing, where gap is 0 when the period
 * is over and earliest − periodEnd + 1 (≥ 1, as earliest ≥ periodEnd) while it runs. Inputs that do not
 * fit those fields are not memoised.
 */
function clearanceMessage(rules: CompiledRuleset, missing: number, periodEnd: number, earliest: number): string {
  const gap = isDay(periodEnd) ? earliest - periodEnd + 1 : 0;
  const memoise = missing >= 0 && missing < 1000 && gap >= 0 && gap < 1000 && Math.abs(earliest) < 1e9;
  const key = earliest * 1e6 + gap * 1e3 + missing;
  let message = memoise ? rules.messages.get(key) : undefined;
  if (message === undefined) {
    const texts = rules.texts;
    const parts: string[] = [];
    if (missing > 0) parts.push(texts.checkinsRemaining.replace('{count}', String(missing)));
    if (isDay(periodEnd)) parts.push(texts.observationUntil.replace('{date}', dayLabel(periodEnd - 1)));
    parts.push(texts.earliestGreen.replace('{date}', dayLabel(earliest)));
    message = parts.join('，');
    if (memoise) {
      if (rules.messages.size >= 4096) rules.messages.clear();
      rules.messages.set(key, message);
    }
  }
  return message;
}
