/**
 * Ruleset documents: the data that `evaluate` (./engine) interprets.
 *
 * A ruleset is a versioned JSON document (semver `version`, ISO `effectiveFrom`). Activating one is a
 * data change (`PUT /v1/authority/rulesets/{version}`), never a deploy. The engine knows the meaning of
 * each trigger code; the document sets the colours, the thresholds and every text a resident reads.
 * The engine's input and its schema are in ./facts.
 */
import * as z from 'zod';
import v1Document from './v1.json' with { type: 'json' };

/** Every trigger the engine understands, in the order reasons are listed within one colour. */
export const TRIGGER_CODES = [
  'confirmed-case',
  'suspected-case',
  'asymptomatic-case',
  'positive-test',
  'released-observation',
  'close-contact',
  'declared-contact',
  'false-declaration',
  'high-risk-stay',
  'medium-risk-stay',
  'fever-or-symptoms',
] as const;
export type TriggerCode = (typeof TRIGGER_CODES)[number];

/** Triggers that only an authority `released` record can end. */
export const RELEASE_TRIGGERS: ReadonlySet<TriggerCode> = new Set(['confirmed-case', 'suspected-case', 'asymptomatic-case', 'positive-test']);

export const COLORS = ['green', 'yellow', 'red'] as const;
export type Color = (typeof COLORS)[number];

// semver.org's recommended pattern, without build metadata ambiguity.
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const chineseText = z.string().trim().min(2).max(80);
const days = z.number().int().min(0).max(365);

/** How a trigger ends: thresholds of its own colour after day T; or only after a later release. */
const observation = z.strictObject({
  /** Whole days from day T: the trigger can only clear at T + days (00:00 Asia/Shanghai). */
  days,
  /** Consecutive normal check-in days needed, all on or after day T. */
  checkins: days,
});

const triggerSchema = z.strictObject({
  color: z.enum(['yellow', 'red']),
  /**
   * `after-observation`: now ≥ T + thresholds[color].days and thresholds[color].checkins consecutive
   * normal check-in days on or after T. `on-release`: only a later `released` record ends it, which
   * starts `released-observation` with T = the release day.
   */
  clears: z.enum(['after-observation', 'on-release']),
  /** What the resident reads, in plain Simplified Chinese. Never names a data source or a person. */
  reason: chineseText,
});

const triggersSchema = z.strictObject(
  Object.fromEntries(TRIGGER_CODES.map((code) => [code, triggerSchema])) as Record<TriggerCode, typeof triggerSchema>,
);

/** A text with `{name}` placeholders; the schema checks that the placeholders the engine fills are there. */
const template = (...names: string[]) =>
  chineseText.refine((text) => names.every((name) => text.includes(`{${name}}`)), {
    message: `must contain ${names.map((n) => `{${n}}`).join(' and ')}`,
  });

export const rulesetSchema = z
  .strictObject({
    version: z.string().regex(SEMVER, 'must be a semantic version such as 1.0.0'),
    effectiveFrom: z.iso.datetime({ offset: true }),
    title: chineseText,
    thresholds: z.strictObject({
      /** A temperature at or above this (°C) is a fever. */
      feverTemperature: z.number().min(36).max(40),
      /** Temperatures outside this range are invalid input (400), not fevers. */
      validTemperature: z.strictObject({ min: z.number(), max: z.number() }),
      /** A declared stay counts when it ended at most this many days before the declaration day. */
      stayLookbackDays: days,
      red: observation,
      yellow: observation,
    }),
    triggers: triggersSchema,
    texts: z.strictObject({
      /** Shown while consecutive check-ins are missing, e.g. "还需连续打卡3天". */
      checkinsRemaining: template('count'),
      /** Shown while the observation period is still running. */
      observationUntil: template('date'),
      /** The earliest time the colour can turn green, assuming a normal check-in every day. */
      earliestGreen: template('date'),
      /** Shown while a case waits for its release; no date can be given. */
      awaitingRelease: chineseText,
      /** Names the declaration that started a declared trigger, e.g. "依据您3月8日的健康申报". */
      declaredBy: template('date').optional(),
    }),
  })
  .superRefine((ruleset, ctx) => {
    const { validTemperature, feverTemperature } = ruleset.thresholds;
    if (!(validTemperature.min < feverTemperature && feverTemperature < validTemperature.max)) {
      ctx.addIssue({ code: 'custom', path: ['thresholds', 'feverTemperature'], message: 'must lie inside validTemperature' });
    }
    for (const code of TRIGGER_CODES) {
      const expected = RELEASE_TRIGGERS.has(code) ? 'on-release' : 'after-observation';
      if (ruleset.triggers[code].clears !== expected) {
        ctx.addIssue({ code: 'custom', path: ['triggers', code, 'clears'], message: `the engine clears ${code} ${expected}` });
      }
    }
  });

/** A ruleset document as validated; pass it to `evaluate` or `compileRuleset`. */
export type Ruleset = z.infer<typeof rulesetSchema>;

/** Parses a ruleset document; the error lists every problem with its path. */
export function parseRuleset(document: unknown): z.ZodSafeParseResult<Ruleset> {
  return rulesetSchema.safeParse(document);
}

/** Ruleset v1 (./v1.json, the provincial standard as published in February 2020), validated. */
export const rulesetV1: Ruleset = rulesetSchema.parse(v1Document);
