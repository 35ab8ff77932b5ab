/**
 * The colour rules, written for reading: `referenceEvaluate(facts, ruleset, now)` gives what `evaluate`
 * (./engine) gives, computed the plain way, with day strings and whole lists, nothing precomputed or
 * remembered. It is the oracle of tests/unit/shared/rules-reference.test.ts; production runs ./engine.
 * docs/rules.md states the same rules in prose. It restates even the small rules (a normal check-in, the
 * streak) instead of importing them from the engine: an oracle that shares code cannot catch its mistakes.
 */
import { regionCovers } from '../regions';
import { addDays, daysBetween, shanghaiDay, type CalendarDay } from '../time';
import type { Clearance, DeclarationFacts, Evaluation, Facts, Reason } from './facts';
import { TRIGGER_CODES, type Ruleset, type TriggerCode } from './schema';

/** A trigger that is on, with its day T; `declaredOn` names the declaration that started a declared one. */
interface Trigger {
  code: TriggerCode;
  t: CalendarDay;
  declaredOn?: CalendarDay;
}

/** When a ruleset names no text for the declaration behind a reason. */
const DECLARED_BY = '依据您{date}的健康申报';

export function referenceEvaluate(facts: Facts, ruleset: Ruleset, now: Date): Evaluation {
  const today = shanghaiDay(now);
  const fever = ruleset.thresholds.feverTemperature;
  // Facts dated after now are not known yet.
  const checkins = facts.checkins.filter((c) => c.day <= today);
  const records = facts.authority.filter((r) => Date.parse(r.at) <= now.getTime());

  // 1. Authority cases: a case stays until a release made after it.
  const releases = records.filter((r) => r.type === 'released');
  const lastRelease = latestBy(releases, (r) => Date.parse(r.at));
  const releasedAt = lastRelease ? Date.parse(lastRelease.at) : -Infinity;
  const caseRecords = records.filter((r) => caseCode(r) !== undefined);
  const activeCases = new Set(caseRecords.filter((r) => !(releasedAt > Date.parse(r.at))).map((r) => caseCode(r)!));

  const triggers: Trigger[] = [];
  // Released after every case record: observed from the release day.
  if (activeCases.size === 0 && caseRecords.length > 0 && lastRelease) {
    triggers.push({ code: 'released-observation', t: lastRelease.day ?? shanghaiDay(new Date(lastRelease.at)) });
  }
  for (const [type, code] of [['close-contact', 'close-contact'], ['false-declaration', 'false-declaration']] as const) {
    const days = records.filter((r) => r.type === type).map((r) => r.day ?? shanghaiDay(new Date(r.at)));
    if (days.length > 0) triggers.push({ code, t: latestDay(days) });
  }

  // 2. Declared triggers: every declaration still in the facts adds its own (declared risk is sticky).
  if (facts.declaration) {
    const declarations = [...(facts.earlierDeclarations ?? []), facts.declaration];
    const declared = declarations.flatMap((d, i) => declaredTriggers(d, declarations[i + 1]?.day ?? today, facts, ruleset));
    for (const code of ['declared-contact', 'high-risk-stay', 'medium-risk-stay'] as const) {
      const latest = latestTrigger(declared.filter((x) => x.code === code));
      if (latest) triggers.push(latest);
    }
    // Fever: the declared one, unless a check-in fever came later (then it stands alone, below).
    const declaredFever = latestTrigger(declared.filter((x) => x.code === 'fever-or-symptoms'));
    if (declaredFever) triggers.push(declaredFever);
  }
  const abnormalDays = checkins.filter((c) => !isNormal(c, fever)).map((c) => c.day);
  if (abnormalDays.length > 0) {
    const t = latestDay(abnormalDays);
    const i = triggers.findIndex((x) => x.code === 'fever-or-symptoms');
    if (i < 0) triggers.push({ code: 'fever-or-symptoms', t });
    else if (t > triggers[i]!.t) triggers[i] = { code: 'fever-or-symptoms', t };
  }

  // 3. After-observation triggers end at T + days with enough consecutive normal check-ins.
  const open: Open[] = [];
  for (const trigger of triggers) {
    const progress = progressOf(trigger, checkins, fever, ruleset, today);
    if (progress === undefined) continue;
    // A stay in the current region that still holds today: T moves to tomorrow at midnight.
    if (trigger.t === today && isRolling(trigger.code, facts, today)) progress.review = addDays(today, 1);
    open.push({ trigger, progress });
  }

  const activeCodes = new Set<TriggerCode>([...activeCases, ...open.map((x) => x.trigger.code)]);
  if (activeCodes.size === 0) return { color: 'green', rulesetVersion: ruleset.version, reasons: [] };

  const color = [...activeCodes].some((code) => ruleset.triggers[code].color === 'red') ? 'red' : 'yellow';
  const reasons = reasonList(activeCodes, open.map((x) => x.trigger), ruleset);

  // The trigger that clears last gives the clearance (the first in TRIGGER_CODES order among equals);
  // a case waiting for its release has none.
  open.sort((a, b) => TRIGGER_CODES.indexOf(a.trigger.code) - TRIGGER_CODES.indexOf(b.trigger.code));
  let clearance: Clearance | undefined;
  if (activeCases.size === 0) {
    const last = open.reduce((a, b) => (clearsLater(b, a, ruleset) ? b : a));
    clearance = clearanceOf(last.trigger, last.progress, ruleset, today);
  }
  // Reviewed at the soonest day boundary on which some open trigger's state moves.
  const reviews = open.map((x) => x.progress.review);
  const review = reviews.length > 0 ? reviews.reduce((a, b) => (b < a ? b : a)) : undefined;
  return { color, rulesetVersion: ruleset.version, reasons, clearance, nextReviewAt: review === undefined ? undefined : startOfDayIso(review) };
}

// ---- Triggers ----

function caseCode(record: Facts['authority'][number]): TriggerCode | undefined {
  if (record.type === 'confirmed') return 'confirmed-case';
  if (record.type === 'suspected') return 'suspected-case';
  if (record.type === 'asymptomatic') return 'asymptomatic-case';
  if (record.type === 'test-result' && record.result === 'positive') return 'positive-test';
  return undefined;
}

/** A check-in is normal below the fever temperature and with no symptom. */
function isNormal(checkin: { temperature: number; symptoms: readonly string[] }, fever: number): boolean {
  return checkin.temperature < fever && checkin.symptoms.length === 0;
}

/**
 * The triggers one declaration starts, each with T and the declaration's day. Its current region is a
 * stay from its day until `until` (the next declaration's day, or today for the latest one).
 */
function declaredTriggers(d: DeclarationFacts, until: CalendarDay, facts: Facts, ruleset: Ruleset): Trigger[] {
  const out: Trigger[] = [];
  const withdrawn = (code: TriggerCode) => d.withdrawn?.includes(code) ?? false;
  const add = (code: TriggerCode, t: CalendarDay | undefined) => {
    if (t !== undefined && !withdrawn(code)) out.push({ code, t, declaredOn: d.day });
  };
  if (d.contactWithCase) add('declared-contact', d.day);
  const feverish = d.symptoms.length > 0 || (d.temperature !== undefined && d.temperature >= ruleset.thresholds.feverTemperature);
  if (feverish) add('fever-or-symptoms', d.day);

  const oldest = addDays(d.day, -ruleset.thresholds.stayLookbackDays);
  const stays = d.travel.filter((s) => s.to >= oldest);
  stays.push({ region: d.region, from: d.day, to: until > d.day ? until : d.day });
  for (const level of ['high', 'medium'] as const) {
    const days = stays.map((s) => lastDayInArea(s, level, facts.riskAreas)).filter((t) => t !== undefined);
    add(level === 'high' ? 'high-risk-stay' : 'medium-risk-stay', days.length > 0 ? latestDay(days) : undefined);
  }
  return out;
}

/** Whether the latest declaration's current region is, today, in an area at the level of this stay trigger. */
function isRolling(code: TriggerCode, facts: Facts, today: CalendarDay): boolean {
  const d = facts.declaration;
  if (d === undefined || d.withdrawn?.includes(code) || (code !== 'high-risk-stay' && code !== 'medium-risk-stay')) return false;
  const stay = { region: d.region, from: d.day, to: today > d.day ? today : d.day };
  return lastDayInArea(stay, code === 'high-risk-stay' ? 'high' : 'medium', facts.riskAreas) === today;
}

/** The last day of a stay spent in an area covering its region while that area was at `level`. */
function lastDayInArea(stay: { region: string; from: CalendarDay; to: CalendarDay }, level: 'high' | 'medium', areas: Facts['riskAreas']): CalendarDay | undefined {
  const days: CalendarDay[] = [];
  for (const area of areas) {
    if (area.level !== level || !regionCovers(area.region, stay.region)) continue;
    const until = area.until ?? stay.to;
    if (area.since <= stay.to && until >= stay.from) days.push(until < stay.to ? until : stay.to);
  }
  return days.length > 0 ? latestDay(days) : undefined;
}

/** The trigger with the latest T; among equal ones, the first (the declaration that started it). */
function latestTrigger(list: readonly Trigger[]): Trigger | undefined {
  return list.reduce<Trigger | undefined>((best, x) => (best === undefined || x.t > best.t ? x : best), undefined);
}

// ---- Check-in streaks ----

interface Progress {
  /** The first day at 00:00 of which the trigger can be clear, with a normal check-in every day from now on. */
  earliest: CalendarDay;
  done: number;
  /** The day at 00:00 of which the result may change with no new facts. */
  review: CalendarDay;
}

/** Where an after-observation trigger stands; undefined once it is clear (and for release-only ones, never). */
function progressOf(trigger: Trigger, checkins: Facts['checkins'], fever: number, ruleset: Ruleset, today: CalendarDay): Progress | undefined {
  const { days, checkins: needed } = ruleset.thresholds[ruleset.triggers[trigger.code].color];
  const periodEnd = addDays(trigger.t, days);
  // A day is normal when it has check-ins and all of them are normal; only days on or after T count.
  const byDay = new Map<CalendarDay, boolean>();
  for (const c of checkins) if (c.day >= trigger.t) byDay.set(c.day, (byDay.get(c.day) ?? true) && isNormal(c, fever));
  const normalDays = [...byDay].filter(([, normal]) => normal).map(([day]) => day).sort();

  if (longestRun(normalDays) >= needed) {
    return today >= periodEnd ? undefined : { earliest: periodEnd, done: needed, review: periodEnd };
  }
  // The running streak (./streaks: checkinStreak): ending today, or yesterday while today has no check-in.
  const end = byDay.has(today) ? today : addDays(today, -1);
  let done = 0;
  while (byDay.get(addDays(end, -done)) === true) done++;
  // The next day that needs a normal check-in: today, unless today already has one.
  let next = checkins.some((c) => c.day === today) ? addDays(today, 1) : today;
  if (next < trigger.t) next = trigger.t;
  const lastNeeded = addDays(next, needed - done - 1);
  const afterNext = addDays(next, 1);
  return {
    earliest: lastNeeded > periodEnd ? lastNeeded : periodEnd,
    done,
    review: today < periodEnd && periodEnd < afterNext ? periodEnd : afterNext,
  };
}

/** Length of the longest run of consecutive days in an ascending list of distinct days. */
function longestRun(days: readonly CalendarDay[]): number {
  let best = 0;
  let run = 0;
  days.forEach((day, i) => {
    run = i > 0 && daysBetween(days[i - 1]!, day) === 1 ? run + 1 : 1;
    if (run > best) best = run;
  });
  return best;
}

// ---- The result ----

/** Red reasons before yellow ones, each in TRIGGER_CODES order; a declared one names its declaration. */
function reasonList(active: ReadonlySet<TriggerCode>, open: readonly Trigger[], ruleset: Ruleset): Reason[] {
  const ordered = [
    ...TRIGGER_CODES.filter((code) => active.has(code) && ruleset.triggers[code].color === 'red'),
    ...TRIGGER_CODES.filter((code) => active.has(code) && ruleset.triggers[code].color !== 'red'),
  ];
  return ordered.map((code) => {
    const message = ruleset.triggers[code].reason;
    const declaredOn = open.find((x) => x.code === code)?.declaredOn;
    if (declaredOn === undefined) return { code, message };
    const by = (ruleset.texts.declaredBy ?? DECLARED_BY).replace('{date}', dayLabel(declaredOn));
    return { code, message: `${message}（${by}）`, declaredOn };
  });
}

interface Open {
  trigger: Trigger;
  progress: Progress;
}

/** Whether `a` clears after `b`: a later earliest day, then more check-ins missing, then red over yellow. */
function clearsLater(a: Open, b: Open, ruleset: Ruleset): boolean {
  if (a.progress.earliest !== b.progress.earliest) return a.progress.earliest > b.progress.earliest;
  const missing = (x: Open) => ruleset.thresholds[ruleset.triggers[x.trigger.code].color].checkins - x.progress.done;
  if (missing(a) !== missing(b)) return missing(a) > missing(b);
  return ruleset.triggers[a.trigger.code].color === 'red' && ruleset.triggers[b.trigger.code].color !== 'red';
}

function clearanceOf(trigger: Trigger, progress: Progress, ruleset: Ruleset, today: CalendarDay): Clearance {
  const { days, checkins: needed } = ruleset.thresholds[ruleset.triggers[trigger.code].color];
  const periodEnd = addDays(trigger.t, days);
  const texts = ruleset.texts;
  const parts: string[] = [];
  const missing = needed - progress.done;
  if (missing > 0) parts.push(texts.checkinsRemaining.replace('{count}', String(missing)));
  if (today < periodEnd) parts.push(texts.observationUntil.replace('{date}', dayLabel(addDays(periodEnd, -1))));
  parts.push(texts.earliestGreen.replace('{date}', dayLabel(progress.earliest)));
  return {
    earliestAt: startOfDayIso(progress.earliest),
    quarantineUntil: startOfDayIso(periodEnd),
    checkinsRequired: needed,
    checkinsDone: progress.done,
    message: parts.join('，'),
  };
}

// ---- Small helpers ----

function latestDay(days: readonly CalendarDay[]): CalendarDay {
  return days.reduce((a, b) => (b > a ? b : a));
}

function latestBy<T>(list: readonly T[], key: (x: T) => number): T | undefined {
  return list.reduce<T | undefined>((best, x) => (best === undefined || key(x) > key(best) ? x : best), undefined);
}

/** 00:00 Asia/Shanghai of a day, as the API writes instants: `2020-02-25T00:00:00+08:00`. */
function startOfDayIso(day: CalendarDay): string {
  return `${day}T00:00:00+08:00`;
}

/** A day as residents read it: `2月25日`. */
function dayLabel(day: CalendarDay): string {
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}
