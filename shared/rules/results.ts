/**
 * The parts of a non-green result: the reason list, the declaration named after each declared reason,
 * and the clearance of the trigger that clears last. Reason lists and clearances depend on few inputs,
 * so each is built once per compiled ruleset and shared, frozen (results are equal, not identical).
 */
import { TRIGGER_CODES } from './schema';
import { dayOfNumber } from '../time';
import { isoOf, labelOf, NONE } from './memo';
import type { CompiledRuleset, CompiledTrigger } from './compile';
import type { Clearance, Reason } from './facts';

/** When a ruleset names no text for the declaration behind a reason. */
const DECLARED_BY = '依据您{date}的健康申报';

/**
 * The reasons for a set of active triggers (bit i for TRIGGER_CODES[i]): red before yellow, each in
 * TRIGGER_CODES order.
 */
export function reasonsOf(rules: CompiledRuleset, active: number): readonly Reason[] {
  let reasons = rules.reasonsBySet[active];
  if (reasons === undefined) {
    const list: Reason[] = [];
    for (const red of [true, false]) {
      for (const code of TRIGGER_CODES) {
        const trigger = rules.triggers[code];
        if (trigger.rank === 2 === red && active & (1 << trigger.order)) list.push(trigger.reason);
      }
    }
    reasons = Object.freeze(list);
    rules.reasonsBySet[active] = reasons;
  }
  return reasons;
}

/**
 * The reasons with the day and a line naming the declaration that started each declared trigger, so
 * a resident sees which declaration keeps a colour. `source` holds that day per slot (NONE: none);
 * `active` is the set of active triggers.
 */
export function withSources(rules: CompiledRuleset, reasons: readonly Reason[], active: number, source: Float64Array): readonly Reason[] {
  let named = false;
  for (let k = 0; k < source.length && !named; k++) named = source[k] !== NONE && (active & (1 << rules.afterObservation[k]!.order)) !== 0;
  if (!named) return reasons;
  return reasons.map((reason) => {
    const day = sourceDay(rules, reason, source);
    if (day === NONE) return reason;
    const by = (rules.texts.declaredBy ?? DECLARED_BY).replace('{date}', labelOf(day));
    return { code: reason.code, message: `${reason.message}（${by}）`, declaredOn: dayOfNumber(day) };
  });
}

function sourceDay(rules: CompiledRuleset, reason: Reason, source: Float64Array): number {
  const slot = rules.triggers[reason.code].slot;
  return slot < 0 ? NONE : source[slot]!;
}

/** Whether trigger `a` clears after `b`: a later earliest day, then more check-ins missing, then red over yellow. */
export function clearsLater(a: CompiledTrigger, earliestA: number, doneA: number, b: CompiledTrigger, earliestB: number, doneB: number): boolean {
  if (earliestA !== earliestB) return earliestA > earliestB;
  const missingA = a.checkins - doneA;
  const missingB = b.checkins - doneB;
  if (missingA !== missingB) return missingA > missingB;
  return a.rank > b.rank;
}

/**
 * The clearance of trigger `trigger` (slot `slot`) with day T, its earliest green day and check-ins
 * done. Memoised under one number made of those inputs (earliest, the gap from the period's end, done,
 * slot, whether the period runs); inputs too large for their field are built fresh every time.
 */
export function clearanceOf(rules: CompiledRuleset, slot: number, trigger: CompiledTrigger, t: number, earliest: number, done: number, today: number): Clearance {
  const periodEnd = t + trigger.days;
  const running = today < periodEnd;
  const gap = earliest - periodEnd; // ≥ 0: earliest is never before the period's end
  const memoise = earliest >= 0 && earliest < 500_000 && gap >= 0 && gap < 1000 && done >= 0 && done < 1000 && slot < 16;
  // Below 2⁵³: earliest < 5·10⁵, gap and done < 10³, slot < 16.
  const key = ((earliest * 1000 + gap) * 1000 + done) * 32 + slot * 2 + (running ? 1 : 0);
  const known = memoise ? rules.clearances.get(key) : undefined;
  if (known !== undefined) return known;
  const clearance: Clearance = {
    earliestAt: isoOf(earliest),
    quarantineUntil: isoOf(periodEnd),
    checkinsRequired: trigger.checkins,
    checkinsDone: done,
    message: clearanceMessage(rules, trigger.checkins - done, running ? periodEnd : undefined, earliest),
  };
  return memoise ? rules.clearances.set(key, Object.freeze(clearance)) : clearance;
}

/**
 * "还需连续打卡3天，观察期至3月1日结束，最早于3月2日转为绿码": the missing check-ins (when any), the
 * last day of the observation period (while it runs), the earliest green day.
 */
function clearanceMessage(rules: CompiledRuleset, missing: number, periodEnd: number | undefined, earliest: number): string {
  const texts = rules.texts;
  const parts: string[] = [];
  if (missing > 0) parts.push(texts.checkinsRemaining.replace('{count}', String(missing)));
  if (periodEnd !== undefined) parts.push(texts.observationUntil.replace('{date}', labelOf(periodEnd - 1)));
  parts.push(texts.earliestGreen.replace('{date}', labelOf(earliest)));
  return parts.join('，');
}
