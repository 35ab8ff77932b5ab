/**
 * A ruleset prepared for `evaluate`: what each trigger needs (colour rank, thresholds, its frozen
 * reason), the shared frozen green result, and memos of reason lists and clearances. Prepared once per
 * ruleset object and kept by identity, so callers pass the same object on every call and never mutate it.
 */
import { colorRank } from './colors';
import { BoundedMemo } from './memo';
import { RELEASE_TRIGGERS, TRIGGER_CODES, type Ruleset, type TriggerCode } from './schema';
import type { Clearance, Evaluation, Reason } from './facts';

/**
 * The after-observation triggers in TRIGGER_CODES order: slot k of `evaluate`'s day-T table is the
 * trigger AFTER_OBSERVATION[k]. The release-only triggers (cases) have no day T.
 */
export const AFTER_OBSERVATION: readonly TriggerCode[] = TRIGGER_CODES.filter((code) => !RELEASE_TRIGGERS.has(code));

/** The slot of an after-observation trigger (throws for a release-only one: a programming error). */
export function slotOf(code: TriggerCode): number {
  const slot = AFTER_OBSERVATION.indexOf(code);
  if (slot < 0) throw new Error(`${code} has no day T`);
  return slot;
}

export interface CompiledTrigger {
  code: TriggerCode;
  /** Position in TRIGGER_CODES: bit `order` of an active-trigger set. */
  order: number;
  /** Its slot in AFTER_OBSERVATION; -1 for a release-only trigger. */
  slot: number;
  /** colorRank of its colour. */
  rank: number;
  days: number;
  checkins: number;
  reason: Reason;
}

export interface CompiledRuleset {
  version: string;
  feverTemperature: number;
  stayLookbackDays: number;
  triggers: Readonly<Record<TriggerCode, CompiledTrigger>>;
  /** The triggers of AFTER_OBSERVATION, by slot. */
  afterObservation: readonly CompiledTrigger[];
  texts: Ruleset['texts'];
  /** The one "green, no reasons" result, frozen and shared by every green evaluation. */
  green: Evaluation;
  /**
   * Frozen reason lists by set of active triggers (bit i for TRIGGER_CODES[i]; 2^11 sets, few occur),
   * built on first use by reasonsOf (./results).
   */
  reasonsBySet: (readonly Reason[] | undefined)[];
  /** Clearances already built, frozen (see clearanceOf in ./results). */
  clearances: BoundedMemo<number, Clearance>;
}

const EMPTY_REASONS: readonly Reason[] = Object.freeze([]);
const compiledRulesets = new WeakMap<Ruleset, CompiledRuleset>();
// The backend passes the same ruleset object to every call, so the last one is kept in front of the
// WeakMap: a pointer comparison instead of a hash lookup per evaluation.
let lastRuleset: Ruleset | undefined;
let lastCompiled: CompiledRuleset | undefined;

/** Prepares a validated ruleset for evaluation, memoised by object identity. */
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
      slot: AFTER_OBSERVATION.indexOf(code),
      rank: colorRank(trigger.color),
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
    afterObservation: AFTER_OBSERVATION.map((code) => triggers[code]),
    texts: ruleset.texts,
    green: Object.freeze({ color: 'green', rulesetVersion: ruleset.version, reasons: EMPTY_REASONS }),
    reasonsBySet: new Array<readonly Reason[] | undefined>(1 << TRIGGER_CODES.length).fill(undefined),
    clearances: new BoundedMemo(4096),
  };
}
