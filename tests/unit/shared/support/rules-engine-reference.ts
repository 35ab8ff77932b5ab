/**
 * TEST ORACLE, not used by the product: the colour rules engine as it was before the performance work
 * of issue #3 (commit 6b8bcea), kept verbatim except for import paths. tests/unit/shared/rules-fast-path.test.ts
 * checks that shared/rules/engine.ts gives deep-equal results on random facts. Do not optimise this file.
 */
/**
 * The colour rules engine: `evaluate(facts, ruleset, now)`, pure and deterministic.
 *
 * Semantics are those of ruleset v1 in the design notes (rules.md); the ruleset document supplies the
 * colours, thresholds and texts. Time comes only from `now`. Facts dated after `now` (check-ins on a
 * later day, authority records with a later `at`) are not yet known and are ignored, so re-evaluating
 * history gives the answer the system gave then.
 *
 * Speed: the engine works on day numbers (whole days since 1970-01-01 in UTC+8; Asia/Shanghai has no
 * daylight saving), parses `YYYY-MM-DD` by character codes, memoises the compiled ruleset and the
 * risk-area index by object identity, and only builds check-in streaks for residents with an active
 * trigger. The common green resident costs a few hundred nanoseconds.
 */
import { regionCovers } from '../../../../shared/regions';
import { TRIGGER_CODES, RELEASE_TRIGGERS, type Color, type Ruleset, type TriggerCode } from '../../../../shared/rules/schema';

export type { Color, Ruleset, TriggerCode } from '../../../../shared/rules/schema';

/** A calendar day in Asia/Shanghai, `YYYY-MM-DD`. */
export type Day = string;

/** One stay declared for the last 14 days. `to` is the last day the person was there. */
export interface TravelStay {
  region: string;
  from: Day;
  to: Day;
}

/** The resident's latest declaration. A newer one replaces the older one's declared triggers. */
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
  declaration?: DeclarationFacts;
  checkins: readonly CheckinFacts[];
  authority: readonly AuthorityRecordFacts[];
  riskAreas: readonly RiskAreaFacts[];
}

export interface Reason {
  code: TriggerCode;
  message: string;
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
  const y = digits(day, 0, 4);
  const m = digits(day, 5, 7);
  const d = digits(day, 8, 10);
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return Number.NaN;
  // Days from civil (H. Hinnant), proleptic Gregorian.
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
// Compiled ruleset

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
  texts: Ruleset['texts'];
}

const compiledRulesets = new WeakMap<Ruleset, CompiledRuleset>();

/**
 * Prepares a validated ruleset for evaluation. Memoised by object identity, so `evaluate` may be given
 * the ruleset object itself on every call.
 */
export function compileRuleset(ruleset: Ruleset): CompiledRuleset {
  let compiled = compiledRulesets.get(ruleset);
  if (compiled) return compiled;
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
  compiled = {
    version: ruleset.version,
    feverTemperature: ruleset.thresholds.feverTemperature,
    stayLookbackDays: ruleset.thresholds.stayLookbackDays,
    triggers,
    texts: ruleset.texts,
  };
  compiledRulesets.set(ruleset, compiled);
  return compiled;
}

// ---------------------------------------------------------------------------------------------
// Risk areas: indexed once per list (memoised by identity), looked up by county, city and province code

interface AreaLevel {
  region: string;
  high: boolean;
  since: number;
  until: number;
}

const areaIndexes = new WeakMap<readonly RiskAreaFacts[], Map<number, AreaLevel[]>>();

/** A six-digit code as a number (a small integer: cheap Map keys, no string hashing), or NaN. */
function regionNumber(code: string): number {
  return code.length === 6 ? digits(code, 0, 6) : Number.NaN;
}

function areaIndex(areas: readonly RiskAreaFacts[]): Map<number, AreaLevel[]> {
  let index = areaIndexes.get(areas);
  if (index) return index;
  index = new Map();
  for (const area of areas) {
    const key = regionNumber(area.region);
    if (area.level === 'low' || key !== key) continue;
    const entry: AreaLevel = {
      region: area.region,
      high: area.level === 'high',
      since: dayNumber(area.since),
      until: area.until === undefined ? Number.POSITIVE_INFINITY : dayNumber(area.until),
    };
    const list = index.get(key);
    if (list) list.push(entry);
    else index.set(key, [entry]);
  }
  areaIndexes.set(areas, index);
  return index;
}

/** Latest qualifying day per level for one stay, written into `exposure`. */
interface Exposure {
  high: number;
  medium: number;
}

/** Looks the stay up under its county, city (xxxx00) and province (xx0000) codes; regionCovers decides. */
function exposeStay(index: Map<number, AreaLevel[]>, region: string, from: number, to: number, exposure: Exposure): void {
  const county = regionNumber(region);
  if (county !== county) return;
  const city = county - (county % 100);
  const province = county - (county % 10_000);
  exposeTo(index.get(county), region, from, to, exposure);
  if (city !== county) exposeTo(index.get(city), region, from, to, exposure);
  if (province !== city) exposeTo(index.get(province), region, from, to, exposure);
}

function exposeTo(levels: AreaLevel[] | undefined, region: string, from: number, to: number, exposure: Exposure): void {
  if (levels === undefined) return;
  for (const level of levels) {
    // The area must have been at that level while the person was there; T is the last such day.
    if (!(level.since <= to && level.until >= from) || !regionCovers(level.region, region)) continue;
    const last = to < level.until ? to : level.until;
    if (level.high) exposure.high = later(exposure.high, last);
    else exposure.medium = later(exposure.medium, last);
  }
}

// ---------------------------------------------------------------------------------------------
// Check-in streaks

/** Maximal runs of consecutive normal check-in days up to today, ascending. */
interface Runs {
  starts: number[];
  ends: number[];
  /** Day of the latest check-in up to today, or -Infinity. */
  lastDay: number;
}

function buildRuns(checkins: readonly CheckinFacts[], fever: number, today: number): Runs {
  const starts: number[] = [];
  const ends: number[] = [];
  const days: number[] = [];
  const normal: boolean[] = [];
  let sorted = true;
  for (const checkin of checkins) {
    const day = dayNumber(checkin.day);
    if (!(day <= today)) continue;
    if (days.length > 0 && day < days[days.length - 1]!) sorted = false;
    days.push(day);
    normal.push(checkin.temperature < fever && checkin.symptoms.length === 0);
  }
  let order: number[] | undefined;
  if (!sorted) order = days.map((_, i) => i).sort((a, b) => days[a]! - days[b]!);
  let abnormalDay = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < days.length; k++) {
    const i = order ? order[k]! : k;
    const day = days[i]!;
    const last = ends.length - 1;
    if (!normal[i]) {
      abnormalDay = day;
      // A second record of the same day that is abnormal makes the whole day abnormal.
      if (last >= 0 && ends[last] === day) {
        if (starts[last] === day) {
          starts.pop();
          ends.pop();
        } else ends[last] = day - 1;
      }
    } else if (day === abnormalDay || (last >= 0 && ends[last] === day)) {
      continue;
    } else if (last >= 0 && ends[last] === day - 1) {
      ends[last] = day;
    } else {
      starts.push(day);
      ends.push(day);
    }
  }
  return { starts, ends, lastDay: days.length > 0 ? days[order ? order[order.length - 1]! : days.length - 1]! : Number.NEGATIVE_INFINITY };
}

interface Progress {
  /** First day at 00:00 of which the trigger can be clear, assuming a normal check-in every day. */
  earliest: number;
  done: number;
  /** Day at 00:00 of which the result may change with no new facts. */
  review: number;
}

/**
 * Where an after-observation trigger stands, or undefined when it is already clear:
 * clear once today ≥ T + days and some run holds `checkins` consecutive normal days on or after T.
 */
function progress(t: number, days: number, checkins: number, runs: Runs, today: number): Progress | undefined {
  let complete = checkins === 0;
  const n = runs.starts.length;
  for (let i = n - 1; i >= 0 && !complete; i--) {
    const end = runs.ends[i]!;
    if (end < t) break;
    const start = runs.starts[i]! > t ? runs.starts[i]! : t;
    if (end - start + 1 >= checkins) complete = true;
  }
  const periodEnd = t + days;
  if (complete) return today >= periodEnd ? undefined : { earliest: periodEnd, done: checkins, review: periodEnd };

  // The running streak: the last run, if it reaches yesterday or today and lies on or after T.
  let done = 0;
  let next: number;
  const lastEnd = n > 0 ? runs.ends[n - 1]! : Number.NEGATIVE_INFINITY;
  if (lastEnd >= today - 1 && lastEnd >= t) {
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
  const review = today < periodEnd && periodEnd < next + 1 ? periodEnd : next + 1;
  return { earliest: streakDay > periodEnd ? streakDay : periodEnd, done, review };
}

// ---------------------------------------------------------------------------------------------
// Evaluation

const EMPTY_REASONS: readonly Reason[] = Object.freeze([]);
const greenResults = new WeakMap<CompiledRuleset, Evaluation>();

function greenFor(compiled: CompiledRuleset): Evaluation {
  let result = greenResults.get(compiled);
  if (!result) {
    result = Object.freeze({ color: 'green', rulesetVersion: compiled.version, reasons: EMPTY_REASONS });
    greenResults.set(compiled, result);
  }
  return result;
}

/** The later of two day numbers, where NaN means "none". */
function later(a: number, b: number): number {
  return b > a || a !== a ? b : a;
}

const CASE_TRIGGER: Partial<Record<AuthorityRecordType, TriggerCode>> = {
  confirmed: 'confirmed-case',
  suspected: 'suspected-case',
  asymptomatic: 'asymptomatic-case',
};

/**
 * Evaluates one resident's colour under a ruleset at `now`.
 *
 * 1. Collects active triggers with their day T: declared ones from the latest declaration only
 *    (contact, fever or symptoms, stays in risk areas), check-in fevers, authority records.
 * 2. Drops after-observation triggers that are clear (T + days reached and enough consecutive normal
 *    check-ins on or after T); an abnormal check-in breaks every running streak.
 * 3. Colour = the worst active trigger; clearance from the trigger that clears last.
 *
 * Pure; never throws on facts that satisfy `factsSchema`. The returned object may be shared and frozen.
 * @example evaluate({ checkins: [], authority: [], riskAreas: [] }, rulesetV1, now).color === 'green'
 */
export function evaluate(facts: Facts, ruleset: Ruleset, now: Date): Evaluation {
  const rules = compileRuleset(ruleset);
  const nowMs = now.getTime();
  const today = dayOfInstant(nowMs);
  const fever = rules.feverTemperature;

  // Day T per trigger (NaN: inactive). Release triggers use 0 when active.
  let contactDay = Number.NaN;
  let declaredContactDay = Number.NaN;
  let falseDeclarationDay = Number.NaN;
  let feverDay = Number.NaN;
  let releasedDay = Number.NaN;
  const exposure: Exposure = { high: Number.NaN, medium: Number.NaN };
  let activeCases: TriggerCode[] | undefined;
  let rollingHigh = false;
  let rollingMedium = false;

  const declaration = facts.declaration;
  if (declaration !== undefined) {
    const declared = dayNumber(declaration.day);
    if (declaration.contactWithCase) declaredContactDay = declared;
    if (declaration.symptoms.length > 0 || (declaration.temperature !== undefined && declaration.temperature >= fever)) {
      feverDay = declared;
    }
    if (facts.riskAreas.length > 0) {
      const index = areaIndex(facts.riskAreas);
      if (index.size > 0) {
        const oldest = declared - rules.stayLookbackDays;
        for (const stay of declaration.travel) {
          const to = dayNumber(stay.to);
          if (to >= oldest) exposeStay(index, stay.region, dayNumber(stay.from), to, exposure);
        }
        // The current region is a stay that lasts from the declaration until now: its T is today,
        // and moves every day, so such a trigger is reviewed at the next day boundary.
        const ongoing: Exposure = { high: Number.NaN, medium: Number.NaN };
        exposeStay(index, declaration.region, declared, today > declared ? today : declared, ongoing);
        if (ongoing.high === today) rollingHigh = true;
        if (ongoing.medium === today) rollingMedium = true;
        exposure.high = later(exposure.high, ongoing.high);
        exposure.medium = later(exposure.medium, ongoing.medium);
      }
    }
  }

  for (const checkin of facts.checkins) {
    if (checkin.temperature >= fever || checkin.symptoms.length > 0) {
      const day = dayNumber(checkin.day);
      if (day <= today) feverDay = later(feverDay, day);
    }
  }

  if (facts.authority.length > 0) {
    let lastCaseAt = Number.NEGATIVE_INFINITY;
    let lastReleaseAt = Number.NEGATIVE_INFINITY;
    let lastRelease: AuthorityRecordFacts | undefined;
    const caseAt: Partial<Record<TriggerCode, number>> = {};
    for (const record of facts.authority) {
      const at = Date.parse(record.at);
      if (!(at <= nowMs)) continue;
      const type = record.type;
      const caseCode = type === 'test-result' ? (record.result === 'positive' ? 'positive-test' : undefined) : CASE_TRIGGER[type];
      if (caseCode !== undefined) {
        if (!((caseAt[caseCode] ?? Number.NEGATIVE_INFINITY) >= at)) caseAt[caseCode] = at;
        if (at > lastCaseAt) lastCaseAt = at;
      } else if (type === 'released') {
        if (at > lastReleaseAt) {
          lastReleaseAt = at;
          lastRelease = record;
        }
      } else if (type === 'close-contact' || type === 'false-declaration') {
        const day = record.day === undefined ? dayOfInstant(at) : dayNumber(record.day);
        if (type === 'close-contact') contactDay = later(contactDay, day);
        else falseDeclarationDay = later(falseDeclarationDay, day);
      }
    }
    for (const code of TRIGGER_CODES) {
      const at = caseAt[code];
      if (at !== undefined && at > lastReleaseAt) (activeCases ??= []).push(code);
    }
    // Released after the last case record: observed as a close contact from the release day.
    if (activeCases === undefined && lastRelease !== undefined && lastReleaseAt > lastCaseAt && lastCaseAt > Number.NEGATIVE_INFINITY) {
      releasedDay = lastRelease.day === undefined ? dayOfInstant(lastReleaseAt) : dayNumber(lastRelease.day);
    }
  }

  const candidates: [TriggerCode, number][] = [];
  if (releasedDay === releasedDay) candidates.push(['released-observation', releasedDay]);
  if (contactDay === contactDay) candidates.push(['close-contact', contactDay]);
  if (declaredContactDay === declaredContactDay) candidates.push(['declared-contact', declaredContactDay]);
  if (falseDeclarationDay === falseDeclarationDay) candidates.push(['false-declaration', falseDeclarationDay]);
  if (exposure.high === exposure.high) candidates.push(['high-risk-stay', exposure.high]);
  if (exposure.medium === exposure.medium) candidates.push(['medium-risk-stay', exposure.medium]);
  if (feverDay === feverDay) candidates.push(['fever-or-symptoms', feverDay]);
  if (candidates.length === 0 && activeCases === undefined) return greenFor(rules);

  const active: CompiledTrigger[] = [];
  let rank = 0;
  if (activeCases !== undefined) {
    for (const code of activeCases) active.push(rules.triggers[code]);
    rank = 2;
  }
  let binding: { trigger: CompiledTrigger; t: number; p: Progress } | undefined;
  let review = Number.POSITIVE_INFINITY;
  if (candidates.length > 0) {
    const runs = buildRuns(facts.checkins, fever, today);
    for (const [code, t] of candidates) {
      const trigger = rules.triggers[code];
      const p = progress(t, trigger.days, trigger.checkins, runs, today);
      if (p === undefined) continue;
      active.push(trigger);
      if (trigger.rank > rank) rank = trigger.rank;
      if ((code === 'high-risk-stay' && rollingHigh) || (code === 'medium-risk-stay' && rollingMedium)) p.review = today + 1;
      if (p.review < review) review = p.review;
      if (binding === undefined || clearsLater(trigger, p, binding.trigger, binding.p)) binding = { trigger, t, p };
    }
  }
  if (active.length === 0) return greenFor(rules);
  if (active.length > 1) active.sort((a, b) => b.rank - a.rank || a.order - b.order);

  const result: Evaluation = {
    color: rank === 2 ? 'red' : 'yellow',
    rulesetVersion: rules.version,
    reasons: active.map((trigger) => trigger.reason),
  };
  // A case waiting for its release clears last of all, and has no date.
  if (activeCases === undefined && binding !== undefined) {
    result.clearance = clearanceOf(binding.trigger, binding.t, binding.p, today, rules.texts);
  }
  if (review !== Number.POSITIVE_INFINITY) result.nextReviewAt = isoStartOfDay(review);
  return result;
}

function clearsLater(a: CompiledTrigger, pa: Progress, b: CompiledTrigger, pb: Progress): boolean {
  if (pa.earliest !== pb.earliest) return pa.earliest > pb.earliest;
  const missingA = a.checkins - pa.done;
  const missingB = b.checkins - pb.done;
  if (missingA !== missingB) return missingA > missingB;
  return a.rank > b.rank;
}

function clearanceOf(trigger: CompiledTrigger, t: number, p: Progress, today: number, texts: Ruleset['texts']): Clearance {
  const periodEnd = t + trigger.days;
  const parts: string[] = [];
  if (p.done < trigger.checkins) parts.push(texts.checkinsRemaining.replace('{count}', String(trigger.checkins - p.done)));
  if (today < periodEnd) parts.push(texts.observationUntil.replace('{date}', dayLabel(periodEnd - 1)));
  parts.push(texts.earliestGreen.replace('{date}', dayLabel(p.earliest)));
  return {
    earliestAt: isoStartOfDay(p.earliest),
    quarantineUntil: isoStartOfDay(periodEnd),
    checkinsRequired: trigger.checkins,
    checkinsDone: p.done,
    message: parts.join('，'),
  };
}
