/**
 * `evaluate(facts, ruleset, now)`: the fast engine. The rules it implements are in docs/rules.md;
 * ./reference.ts computes the same results the plain way, and tests/unit/shared/rules-reference.test.ts
 * holds the two to each other.
 *
 * Why it is shaped this way (the bench, `npm run bench`, holds it to 1,000,000 evaluations a second):
 * - most residents are green with no trigger: they parse no day, allocate nothing and get the ruleset's
 *   shared frozen green result;
 * - days are day numbers (../time), parsed by character codes through a memo (./memo);
 * - the ruleset (./compile) and the risk-area list (./areas) are prepared once per object;
 * - day T of each after-observation trigger lives in a table by slot (AFTER_OBSERVATION in ./compile),
 *   and streaks are counted in buffers (./streaks) owned by the module: evaluate is synchronous and
 *   never re-entered, so no working arrays are allocated per resident;
 * - reason lists and clearances are built once and shared, frozen (./results);
 * - facts should come from one decoder (the backend's is functions/core/facts.ts): one shape per kind of
 *   fact keeps property reads monomorphic (the bench prints the 2–4× cost of other shapes).
 */
import { instantMs, shanghaiDayNumber } from '../time';
import { compileRuleset, slotOf, AFTER_OBSERVATION } from './compile';
import { declaredTriggers, DECLARED_CONTACT, FEVER, HIGH_STAY, MEDIUM_STAY, type TriggerDays } from './declared';
import { dayOf, isoOf, NONE } from './memo';
import { clearanceOf, clearsLater, reasonsOf, withSources } from './results';
import { buildRuns, isNormalCheckin, progress, type Runs } from './streaks';
import { TRIGGER_CODES, type Ruleset } from './schema';
import type { AuthorityRecordFacts, Evaluation, Facts } from './facts';

const RELEASED = slotOf('released-observation');
const CLOSE_CONTACT = slotOf('close-contact');
const FALSE_DECLARATION = slotOf('false-declaration');

/**
 * Position in TRIGGER_CODES of the case trigger an authority record raises, or -1 (a switch: a keyed
 * lookup by a variable string is a hash lookup on every record).
 */
const CONFIRMED = TRIGGER_CODES.indexOf('confirmed-case');
const SUSPECTED = TRIGGER_CODES.indexOf('suspected-case');
const ASYMPTOMATIC = TRIGGER_CODES.indexOf('asymptomatic-case');
const POSITIVE_TEST = TRIGGER_CODES.indexOf('positive-test');
function caseTrigger(type: AuthorityRecordFacts['type'], result: AuthorityRecordFacts['result']): number {
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

/** Latest `at` per case trigger (by position in TRIGGER_CODES); rewritten by each evaluation with records. */
const caseAt = new Float64Array(TRIGGER_CODES.length);
const days: TriggerDays = {
  t: new Float64Array(AFTER_OBSERVATION.length),
  source: new Float64Array(AFTER_OBSERVATION.length).fill(NONE),
  rolling: new Uint8Array(AFTER_OBSERVATION.length),
};

/**
 * Evaluates one resident's colour under a ruleset at `now`.
 *
 * 1. Collects active triggers with their day T: declared ones, check-in fevers, authority records.
 * 2. Drops after-observation triggers that are clear (T + days reached and enough consecutive normal
 *    check-ins on or after T).
 * 3. Colour = the worst active trigger; clearance from the trigger that clears last.
 *
 * Pure; never throws on facts that satisfy `factsSchema`. The returned object may be shared and frozen.
 * @example evaluate({ checkins: [], authority: [], riskAreas: [] }, rulesetV1, now).color === 'green'
 */
export function evaluate(facts: Facts, ruleset: Ruleset, now: Date): Evaluation {
  const rules = compileRuleset(ruleset);
  const nowMs = now.getTime();
  const today = shanghaiDayNumber(nowMs);
  const fever = rules.feverTemperature;
  const t = days.t;
  for (let k = 0; k < t.length; k++) t[k] = NONE;

  // `source` and `rolling` are only read for a resident with a declaration, and only declaredTriggers
  // writes them, in the declared triggers' slots (the others keep NONE and 0).
  const declaration = facts.declaration;
  if (declaration !== undefined) {
    const { source, rolling } = days;
    source[DECLARED_CONTACT] = source[HIGH_STAY] = source[MEDIUM_STAY] = source[FEVER] = NONE;
    rolling[HIGH_STAY] = rolling[MEDIUM_STAY] = 0;
    const earlier = facts.earlierDeclarations;
    if (earlier !== undefined) {
      for (let i = 0; i < earlier.length; i++) {
        // An earlier declaration's current region is a stay until the next declaration's day.
        const next = i + 1 < earlier.length ? earlier[i + 1]! : declaration;
        declaredTriggers(earlier[i]!, false, dayOf(next.day), facts.riskAreas, rules, today, days);
      }
    }
    declaredTriggers(declaration, true, NONE, facts.riskAreas, rules, today, days);
  }

  for (const checkin of facts.checkins) {
    if (!isNormalCheckin(checkin, fever)) {
      const day = dayOf(checkin.day);
      // A check-in fever later than a declared one stands alone (no declaration named).
      if (day <= today && day > t[FEVER]!) {
        t[FEVER] = day;
        days.source[FEVER] = NONE;
      }
    }
  }

  /** Active case triggers, bit i for TRIGGER_CODES[i]. */
  let activeCases = 0;
  if (facts.authority.length > 0) {
    let lastCaseAt = NONE;
    let lastReleaseAt = NONE;
    let lastRelease: AuthorityRecordFacts | undefined;
    for (let i = 0; i < caseAt.length; i++) caseAt[i] = NONE;
    for (const record of facts.authority) {
      const at = instantMs(record.at);
      if (!(at <= nowMs)) continue;
      const type = record.type;
      const caseIndex = caseTrigger(type, record.result);
      if (caseIndex >= 0) {
        if (at > caseAt[caseIndex]!) caseAt[caseIndex] = at;
        if (at > lastCaseAt) lastCaseAt = at;
      } else if (type === 'released') {
        if (at > lastReleaseAt) {
          lastReleaseAt = at;
          lastRelease = record;
        }
      } else if (type === 'close-contact' || type === 'false-declaration') {
        const day = record.day === undefined ? shanghaiDayNumber(at) : dayOf(record.day);
        const slot = type === 'close-contact' ? CLOSE_CONTACT : FALSE_DECLARATION;
        if (day > t[slot]!) t[slot] = day;
      }
    }
    // Only a release made after a case ends it (one at the same instant does not).
    for (let i = 0; i < caseAt.length; i++) if (caseAt[i]! !== NONE && !(lastReleaseAt > caseAt[i]!)) activeCases |= 1 << i;
    // Released after every case record: observed from the release day.
    if (activeCases === 0 && lastRelease !== undefined && lastCaseAt !== NONE) {
      t[RELEASED] = lastRelease.day === undefined ? shanghaiDayNumber(lastReleaseAt) : dayOf(lastRelease.day);
    }
  }

  let any = activeCases !== 0;
  for (let k = 0; k < t.length && !any; k++) if (t[k]! > NONE) any = true;
  if (!any) return rules.green;

  // The active set: the cases, then the after-observation triggers that are not clear yet.
  let active = activeCases;
  let rank = activeCases !== 0 ? 2 : 0;
  // The trigger that clears last: its slot, T and progress.
  let bound = -1;
  let boundT = 0;
  let boundEarliest = 0;
  let boundDone = 0;
  let review = Number.POSITIVE_INFINITY;
  const after = rules.afterObservation;
  let runs: Runs | undefined;
  for (let k = 0; k < after.length; k++) {
    const dayT = t[k]!;
    if (!(dayT > NONE)) continue;
    const trigger = after[k]!;
    runs ??= buildRuns(facts.checkins, fever, today);
    const p = progress(dayT, trigger.days, trigger.checkins, runs, today);
    if (p === undefined) continue;
    active |= 1 << trigger.order;
    if (trigger.rank > rank) rank = trigger.rank;
    const triggerReview = declaration !== undefined && days.rolling[k] === 1 ? today + 1 : p.review;
    if (triggerReview < review) review = triggerReview;
    if (bound < 0 || clearsLater(trigger, p.earliest, p.done, after[bound]!, boundEarliest, boundDone)) {
      bound = k;
      boundT = dayT;
      boundEarliest = p.earliest;
      boundDone = p.done;
    }
  }
  if (active === 0) return rules.green;

  // Every field at once, so every result has one shape (absent fields are undefined). A case waiting
  // for its release clears last of all, and has no date.
  const reasons = reasonsOf(rules, active);
  return {
    color: rank === 2 ? 'red' : 'yellow',
    rulesetVersion: rules.version,
    reasons: declaration === undefined ? reasons : withSources(rules, reasons, active, days.source),
    clearance: activeCases === 0 && bound >= 0 ? clearanceOf(rules, bound, after[bound]!, boundT, boundEarliest, boundDone, today) : undefined,
    nextReviewAt: review !== Number.POSITIVE_INFINITY ? isoOf(review) : undefined,
  };
}
