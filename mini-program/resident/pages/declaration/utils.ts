/**
 * The health declaration form: its view data and the body it sends, validated with the shared
 * schema so the messages beside the fields are the server's own. Pure.
 */
import { declarationRequestAt, type DeclarationRequest } from '../../../../shared/api';
import { addDays, shanghaiDay } from '../../../../shared/time';
import { zodFieldErrors, type FieldErrors } from '../../lib/problem';
import { regionText } from '../../lib/regions';
import { SYMPTOMS_UNANSWERED, symptomsForApi, temperatureValue } from '../../lib/symptoms';

export interface Stay {
  region: string;
  from: string;
  to: string;
  /** The row's own key, so a row deleted above never hands its picker to the next one (not sent). */
  key?: string;
}

export interface DeclarationForm {
  region: string;
  travel: Stay[];
  symptoms: string[];
  temperature: string;
  contactWithCase: boolean | null;
  commitment: boolean;
}

export const PLEDGE_TEXT =
  '本人郑重承诺：以上填报内容真实、准确、完整，如有谎报、瞒报，愿意承担相应的法律责任。';

export function emptyForm(): DeclarationForm {
  return { region: '', travel: [], symptoms: [], temperature: '', contactWithCase: null, commitment: false };
}

/** A new stay row: today, region still to choose, with a key no other row of the form has. */
export function newStay(now: Date, existing: readonly Stay[] = []): Stay {
  const today = shanghaiDay(now);
  const used = existing.map((s) => Number(/^s(\d+)$/.exec(s.key ?? '')?.[1] ?? 0));
  return { region: '', from: today, to: today, key: `s${Math.max(0, ...used) + 1}` };
}

/** The date range the stay date pickers offer: from 60 days ago to today. */
export function stayDateRange(now: Date): { start: string; end: string } {
  const today = shanghaiDay(now);
  return { start: addDays(today, -60), end: today };
}

/**
 * Checks the form with the shared schema and the one rule the form adds (answering the symptom
 * question), and returns the body or the messages by field (`region`, `travel.0.to`, `symptoms`, …).
 */
export function buildDeclaration(form: DeclarationForm, now: Date): { ok: true; body: DeclarationRequest } | { ok: false; errors: FieldErrors } {
  // An unchosen region is left out, so the schema says "请选择地区" rather than a format message.
  const candidate = {
    ...(form.region ? { region: form.region } : {}),
    travel: form.travel.map((s) => ({ ...(s.region ? { region: s.region } : {}), from: s.from, to: s.to })),
    symptoms: symptomsForApi(form.symptoms),
    ...(temperatureValue(form.temperature) === undefined ? {} : { temperature: temperatureValue(form.temperature) }),
    ...(form.contactWithCase === null ? {} : { contactWithCase: form.contactWithCase }),
    commitment: form.commitment,
  };
  const result = declarationRequestAt(now).safeParse(candidate);
  const errors: FieldErrors = result.success ? {} : zodFieldErrors(result.error);
  if (form.symptoms.length === 0) errors.symptoms = SYMPTOMS_UNANSWERED;
  if (result.success && Object.keys(errors).length === 0) return { ok: true, body: result.data };
  return { ok: false, errors };
}

/** The stays as rows with their labels and the first message that concerns each of them. */
export function travelRows(travel: readonly Stay[], errors: FieldErrors) {
  return travel.map((stay, index) => {
    const prefix = `travel.${index}`;
    const error = errors[`${prefix}.region`] ?? errors[`${prefix}.from`] ?? errors[`${prefix}.to`] ?? errors[prefix] ?? '';
    return { ...stay, key: stay.key ?? `i${index}`, regionLabel: regionText(stay.region) || '请选择地区', error };
  });
}

/** Everything the page shows for a form state. */
export function declarationView(form: DeclarationForm, errors: FieldErrors) {
  return {
    form,
    regionLabel: regionText(form.region),
    travelRows: travelRows(form.travel, errors),
    errors,
    canSubmit: form.commitment,
  };
}
