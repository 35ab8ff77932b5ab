/**
 * The triggers declarations start: declared contact, fever or symptoms, and stays in risk areas (the
 * declared travel and the current region). Declared risk is sticky: every declaration still in the
 * facts adds its triggers, the later T wins, and only a withdrawal (an accepted correction) removes one
 * trigger of one declaration.
 */
import { areaIndex, coveringLevels, stayDay } from './areas';
import { dayOf, NONE } from './memo';
import { hasFeverOrSymptoms } from './streaks';
import type { CompiledRuleset } from './compile';
import { slotOf } from './compile';
import type { DeclarationFacts, RiskAreaFacts } from './facts';
import type { TriggerCode } from './schema';

/** Day T per after-observation trigger, by slot (./compile), with what the declarations add to it. */
export interface TriggerDays {
  /** Day T, NONE when the trigger is off. */
  t: Float64Array;
  /** The day of the declaration that gave T, NONE when T did not come from a declaration. */
  source: Float64Array;
  /** 1 when T is today and moves to tomorrow at midnight (a stay in the current region that still holds). */
  rolling: Uint8Array;
}

export const DECLARED_CONTACT = slotOf('declared-contact');
export const HIGH_STAY = slotOf('high-risk-stay');
export const MEDIUM_STAY = slotOf('medium-risk-stay');
export const FEVER = slotOf('fever-or-symptoms');

/** Whether a correction withdrew this trigger of a declaration. Top level: a closure per call costs more than the rest. */
function isWithdrawn(withdrawn: readonly TriggerCode[] | undefined, code: TriggerCode): boolean {
  return withdrawn !== undefined && withdrawn.includes(code);
}

/** Sets slot `slot` to `t` when it is later than what is there; the declaration of `source` gave it. */
function raise(days: TriggerDays, slot: number, t: number, source: number): void {
  if (t > days.t[slot]!) {
    days.t[slot] = t;
    days.source[slot] = source;
  }
}

/**
 * Adds the triggers of one declaration. Its current region is a stay from its day until `until`, the
 * next declaration's day; for the latest one (`latest`), until today.
 */
export function declaredTriggers(
  declaration: DeclarationFacts,
  latest: boolean,
  until: number,
  riskAreas: readonly RiskAreaFacts[],
  rules: CompiledRuleset,
  today: number,
  days: TriggerDays,
): void {
  const withdrawn = declaration.withdrawn;
  // The declaration day is parsed only when something declared can trigger.
  let declared = NONE;
  if (declaration.contactWithCase && !isWithdrawn(withdrawn, 'declared-contact')) {
    declared = dayOf(declaration.day);
    raise(days, DECLARED_CONTACT, declared, declared);
  }
  if (hasFeverOrSymptoms(declaration, rules.feverTemperature) && !isWithdrawn(withdrawn, 'fever-or-symptoms')) {
    if (declared === NONE) declared = dayOf(declaration.day);
    raise(days, FEVER, declared, declared);
  }
  if (riskAreas.length === 0) return;
  const index = areaIndex(riskAreas);
  if (index.byCode.size === 0) return;
  const offHigh = isWithdrawn(withdrawn, 'high-risk-stay');
  const offMedium = isWithdrawn(withdrawn, 'medium-risk-stay');
  if (offHigh && offMedium) return;
  let high = NONE;
  let medium = NONE;
  for (const stay of declaration.travel) {
    const levels = coveringLevels(index, stay.region);
    if (levels.length === 0) continue;
    if (declared === NONE) declared = dayOf(declaration.day);
    const to = dayOf(stay.to);
    if (!(to >= declared - rules.stayLookbackDays)) continue;
    const from = dayOf(stay.from);
    const h = stayDay(levels, true, from, to);
    const m = stayDay(levels, false, from, to);
    if (h > high) high = h;
    if (m > medium) medium = m;
  }
  const levels = coveringLevels(index, declaration.region);
  let rollingHigh = false;
  let rollingMedium = false;
  if (levels.length > 0) {
    if (declared === NONE) declared = dayOf(declaration.day);
    const end = latest ? (today > declared ? today : declared) : until > declared ? until : declared;
    const h = stayDay(levels, true, declared, end);
    const m = stayDay(levels, false, declared, end);
    // The latest declaration's stay reaching today moves its T every day.
    rollingHigh = latest && h === today;
    rollingMedium = latest && m === today;
    if (h > high) high = h;
    if (m > medium) medium = m;
  }
  if (!offHigh) {
    raise(days, HIGH_STAY, high, declared);
    // Rolling even when an earlier declaration already gave today (same T, kept as the source).
    if (rollingHigh) days.rolling[HIGH_STAY] = days.t[HIGH_STAY] === today ? 1 : 0;
  }
  if (!offMedium) {
    raise(days, MEDIUM_STAY, medium, declared);
    if (rollingMedium) days.rolling[MEDIUM_STAY] = days.t[MEDIUM_STAY] === today ? 1 : 0;
  }
}
