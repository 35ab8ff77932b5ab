/**
 * The engine's input and result: the facts stored per resident, their zod schema (`factsSchema`, so
 * that the backend and the test vectors validate facts against the same contract the types declare),
 * and the evaluation with its reasons and clearance. In a module of their own so that the engine's
 * parts import them without importing the engine (./engine re-exports them).
 */
import * as z from 'zod';
import { isCalendarDay } from '../time';
import { TRIGGER_CODES, type Color, type TriggerCode } from './schema';

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
  /** What is still missing, e.g. "还需连续打卡3天，观察期至3月1日结束，最早于3月2日转为绿码". */
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

// ---- Facts: the engine's input, as the backend persists it per resident ----

const calendarDay = z.string().refine(isCalendarDay, 'must be a calendar day YYYY-MM-DD');
const regionCode = z.string().regex(/^\d{6}$/, 'must be a six-digit GB/T 2260 code');
const symptoms = z.array(z.string().min(1).max(40)).max(20);
const temperature = z.number().min(35).max(42);

const declarationFactsSchema = z.strictObject({
  day: calendarDay,
  region: regionCode,
  travel: z.array(z.strictObject({ region: regionCode, from: calendarDay, to: calendarDay })).max(50),
  symptoms,
  temperature: temperature.optional(),
  contactWithCase: z.boolean(),
  withdrawn: z.array(z.enum(TRIGGER_CODES)).max(TRIGGER_CODES.length).optional(),
});

export const factsSchema: z.ZodType<Facts> = z.strictObject({
  declaration: declarationFactsSchema.optional(),
  earlierDeclarations: z.array(declarationFactsSchema).max(400).optional(),
  checkins: z.array(z.strictObject({ day: calendarDay, temperature, symptoms })).max(400),
  authority: z
    .array(
      z.strictObject({
        type: z.enum(['confirmed', 'suspected', 'asymptomatic', 'close-contact', 'released', 'test-result', 'false-declaration']),
        at: z.iso.datetime({ offset: true }),
        day: calendarDay.optional(),
        result: z.enum(['positive', 'negative']).optional(),
      }),
    )
    .max(200),
  riskAreas: z
    .array(
      z.strictObject({
        region: regionCode,
        level: z.enum(['high', 'medium', 'low']),
        since: calendarDay,
        until: calendarDay.optional(),
      }),
    )
    .max(5000),
});
