/**
 * Check-ins: the normal-reading rule, the streak rule, and where an after-observation trigger stands.
 *
 * - A reading (check-in or declaration) is abnormal at or above the fever temperature or with any symptom.
 *   A day with any abnormal check-in is abnormal.
 * - The streak rule: the consecutive normal check-in days ending today, or ending yesterday while today
 *   has no check-in yet; only days on or after the trigger's day T count. An abnormal check-in breaks it.
 * - A trigger is clear once today ≥ T + days and some run of `checkins` consecutive normal days lies on
 *   or after T.
 */
import { dayNumber, type CalendarDay } from '../time';
import { dayOf, NONE } from './memo';
import type { CheckinFacts } from './facts';

/** Whether a reading shows fever (≥ the ruleset's fever temperature) or any symptom. */
export function hasFeverOrSymptoms(reading: { temperature?: number; symptoms: readonly string[] }, feverTemperature: number): boolean {
  return reading.symptoms.length > 0 || (reading.temperature !== undefined && reading.temperature >= feverTemperature);
}

/** Whether a check-in is normal: below the fever temperature and no symptom. */
export function isNormalCheckin(checkin: CheckinFacts, feverTemperature: number): boolean {
  return checkin.temperature < feverTemperature && checkin.symptoms.length === 0;
}

/**
 * Maximal runs of consecutive normal check-in days up to today, ascending: run i spans
 * starts[i]..ends[i] for i < count. The arrays are buffers owned by this module and rewritten by each
 * buildRuns (evaluation is synchronous, never re-entered), so counting streaks allocates nothing.
 */
export interface Runs {
  starts: Int32Array;
  ends: Int32Array;
  count: number;
  /** Day of the latest check-in up to today, or NONE. */
  lastDay: number;
}

const runs: Runs = { starts: new Int32Array(64), ends: new Int32Array(64), count: 0, lastDay: NONE };
let checkinDays = new Int32Array(64);
let checkinNormal = new Uint8Array(64);

/** The runs of normal check-in days up to `today` (a day number). */
export function buildRuns(checkins: readonly CheckinFacts[], fever: number, today: number): Runs {
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
    normal[n] = isNormalCheckin(checkin, fever) ? 1 : 0;
    n++;
  }
  // Check-ins usually arrive in day order; otherwise visit them through a stable sort of their indexes.
  let order: number[] | undefined;
  if (!sorted) order = Array.from({ length: n }, (_, i) => i).sort((a, b) => days[a]! - days[b]!);
  let count = 0;
  let abnormalDay = NONE;
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
  runs.lastDay = n > 0 ? days[order ? order[n - 1]! : n - 1]! : NONE;
  return runs;
}

/** The streak rule on runs: consecutive normal days on or after `t` ending today, or yesterday while today has no check-in. */
export function runningStreak(runs: Runs, t: number, today: number): number {
  const n = runs.count;
  if (n === 0) return 0;
  const lastEnd = runs.ends[n - 1]!;
  if (lastEnd < t || !(lastEnd === today || (lastEnd === today - 1 && runs.lastDay !== today))) return 0;
  const start = runs.starts[n - 1]! > t ? runs.starts[n - 1]! : t;
  return lastEnd - start + 1;
}

/**
 * The streak rule for a day string: consecutive normal check-in days ending `today`, or ending
 * yesterday while today has no check-in yet.
 */
export function checkinStreak(checkins: readonly CheckinFacts[], today: CalendarDay, feverTemperature: number): number {
  const day = dayNumber(today);
  return runningStreak(buildRuns(checkins, feverTemperature, day), NONE, day);
}

/** Where an after-observation trigger stands, written by `progress` (one object, reused). */
export interface Progress {
  /** First day at 00:00 of which the trigger can be clear, with a normal check-in every day from now on. */
  earliest: number;
  done: number;
  /** Day at 00:00 of which the result may change with no new facts. */
  review: number;
}

const progressOut: Progress = { earliest: 0, done: 0, review: 0 };

/**
 * Where a trigger with day `t` stands: undefined when it is already clear, else its progress (the
 * module's one Progress object, overwritten by the next call: copy what you keep).
 */
export function progress(t: number, days: number, checkins: number, runs: Runs, today: number): Progress | undefined {
  const out = progressOut;
  let complete = checkins === 0;
  for (let i = runs.count - 1; i >= 0 && !complete; i--) {
    const end = runs.ends[i]!;
    if (end < t) break;
    const start = runs.starts[i]! > t ? runs.starts[i]! : t;
    if (end - start + 1 >= checkins) complete = true;
  }
  const periodEnd = t + days;
  if (complete) {
    if (today >= periodEnd) return undefined;
    out.earliest = periodEnd;
    out.done = checkins;
    out.review = periodEnd;
    return out;
  }
  const done = runningStreak(runs, t, today);
  // The next day that needs a normal check-in: after the running streak; else today, or tomorrow when
  // today already has an (abnormal) check-in; never before T.
  let next = done > 0 ? runs.ends[runs.count - 1]! + 1 : runs.lastDay === today ? today + 1 : today;
  if (t > next) next = t;
  const streakDay = next + (checkins - done) - 1;
  // The projection moves 00:00 after the next needed check-in day if it does not come; the
  // "observation until" text goes at the period's end.
  out.review = today < periodEnd && periodEnd < next + 1 ? periodEnd : next + 1;
  out.earliest = streakDay > periodEnd ? streakDay : periodEnd;
  out.done = done;
  return out;
}
