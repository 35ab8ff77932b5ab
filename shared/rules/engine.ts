/**
 * The colour rules engine: `evaluate(facts, ruleset, now)`, pure and deterministic, and the types of
 * its input and result (./facts). The rules are in docs/rules.md; the ruleset document (./schema, ./v1.json)
 * supplies the colours, thresholds and texts. Time comes only from `now`: check-ins on a later day and
 * authority records with a later `at` are not yet known and are ignored, so re-evaluating history
 * gives the answer the system gave then.
 *
 * The fast engine is split by concern: ./evaluate (the walk over the facts), ./declared (declared
 * triggers), ./areas (risk areas), ./streaks (check-ins, the streak rule), ./results (reasons and
 * clearances), ./compile (the prepared ruleset), ./memo (the bounded memo), ../time (the calendar).
 * ./reference is the same rules written for reading. This module re-exports the public API, together
 * with the two rules other code applies: the streak rule (`checkinStreak`) and the pass rule (`passes`).
 */
export type { Color, Ruleset, TriggerCode } from './schema';
export { evaluate } from './evaluate';
export { colorRank, worse, passes, gateOutcome } from './colors';
export { checkinStreak, hasFeverOrSymptoms, isNormalCheckin } from './streaks';
export { compileRuleset, type CompiledRuleset } from './compile';
export { dayNumber, instantMs } from '../time';
export type { Day, TravelStay, DeclarationFacts, CheckinFacts, AuthorityRecordType, AuthorityRecordFacts, RiskAreaFacts, Facts, Reason, Clearance, Evaluation } from './facts';
export { factsSchema } from './facts';
