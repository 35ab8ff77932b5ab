/** The symptom multi-select shared by the declaration and the daily check-in, with "无". Pure. */
import { SYMPTOM_LABELS, SYMPTOMS, type Symptom } from '../../../shared/api';

export const SYMPTOM_NONE = 'none';

export interface SelectorItem {
  text: string;
  value: string;
}

export function symptomOptions(): SelectorItem[] {
  return [{ text: '无', value: SYMPTOM_NONE }, ...SYMPTOMS.map((s) => ({ text: SYMPTOM_LABELS[s], value: s }))];
}

/**
 * Keeps "无" exclusive: choosing it clears the symptoms, choosing a symptom clears it.
 * @example normaliseSymptoms(['none'], ['none', 'cough']) → ['cough']
 */
export function normaliseSymptoms(previous: readonly string[], next: readonly string[]): string[] {
  const noneAdded = next.includes(SYMPTOM_NONE) && !previous.includes(SYMPTOM_NONE);
  if (noneAdded) return [SYMPTOM_NONE];
  return next.filter((s) => s !== SYMPTOM_NONE);
}

/** The API's list: an empty list means none. */
export function symptomsForApi(selection: readonly string[]): Symptom[] {
  return selection.filter((s): s is Symptom => (SYMPTOMS as readonly string[]).includes(s));
}

/** The resident must answer the question, "无" included. */
export const SYMPTOMS_UNANSWERED = '请选择症状，没有症状请选择“无”';

/** A typed temperature as the API wants it: undefined when empty, a number (maybe NaN) otherwise. */
export function temperatureValue(typed: string): number | undefined {
  const trimmed = typed.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}
