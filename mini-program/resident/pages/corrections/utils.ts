/**
 * Corrections (纠错): the one way a resident asks for a trigger on their status to be withdrawn.
 * The page is opened from a reason on the status page (the trigger and, for a declared one, the day
 * of the declaration that started it travel in the query) or on its own to list what was filed.
 * Pure.
 */
import {
  CORRECTION_CATEGORIES,
  CORRECTION_CATEGORY_LABELS,
  DECLARED_TRIGGERS,
  TRIGGER_LABELS,
  correctionRequest,
  type CorrectionCategory,
  type CorrectionRequest,
  type ResidentCorrection,
} from '../../../../shared/api/corrections';
import { TRIGGER_CODES, type TriggerCode } from '../../../../shared/rules/schema';
import { isCalendarDay } from '../../../../shared/time';
import { clockTime, dateTime, longDate, monthDay } from '../../lib/format';
import { zodFieldErrors, type ApiResult, type FieldErrors } from '../../lib/problem';
import type { Subject } from '../../lib/subject';

/** What a correction is about: one trigger, and for a declared one the day of its declaration. */
export interface CorrectionTarget {
  trigger: TriggerCode;
  declaredOn?: string;
}

export const TEXT_MAX = 200;

const isTrigger = (value: unknown): value is TriggerCode => typeof value === 'string' && (TRIGGER_CODES as readonly string[]).includes(value);
export const isDeclaredTrigger = (trigger: TriggerCode): boolean => (DECLARED_TRIGGERS as readonly string[]).includes(trigger);

/**
 * The target a reason on the status page names, or undefined when it cannot be corrected: a code the
 * rules do not know, or a declared trigger without the day of its declaration (the API needs it).
 * @example correctionTarget('declared-contact', '2026-12-02') → { trigger: 'declared-contact', declaredOn: '2026-12-02' }
 */
export function correctionTarget(code: unknown, declaredOn: unknown): CorrectionTarget | undefined {
  if (!isTrigger(code)) return undefined;
  if (!isDeclaredTrigger(code)) return { trigger: code };
  return typeof declaredOn === 'string' && isCalendarDay(declaredOn) ? { trigger: code, declaredOn } : undefined;
}

/** The page's query read back as a target; anything odd means "just the list". */
export function targetFromQuery(query: Record<string, unknown> | undefined): CorrectionTarget | undefined {
  return correctionTarget(query?.trigger, query?.declaredOn);
}

/**
 * The page's address for a subject's page query (subjectQuery) and a target.
 * @example correctionsUrl('/pages/corrections/index', '', { trigger: 'close-contact' }) === '/pages/corrections/index?trigger=close-contact'
 */
export function correctionsUrl(page: string, subjectQuery: string, target?: CorrectionTarget): string {
  const parts: string[] = [];
  if (target) {
    parts.push(`trigger=${encodeURIComponent(target.trigger)}`);
    if (target.declaredOn) parts.push(`declaredOn=${encodeURIComponent(target.declaredOn)}`);
  }
  if (parts.length === 0) return page + subjectQuery;
  return `${page}${subjectQuery}${subjectQuery ? '&' : '?'}${parts.join('&')}`;
}

/**
 * The item in plain words, with the declaration's day for a declared one.
 * @example targetLabel({ trigger: 'declared-contact', declaredOn: '2026-12-02' }) === '申报的接触史（12月2日的健康申报）'
 */
export function targetLabel(target: { trigger: TriggerCode; declaredOn?: string }): string {
  const label = TRIGGER_LABELS[target.trigger];
  return target.declaredOn ? `${label}（${monthDay(target.declaredOn)}的健康申报）` : label;
}

/** The reason's label; "not me" reads differently when a manager files it for a family member. */
export function categoryLabel(category: CorrectionCategory, subject: Subject): string {
  if (category === 'not-me' && subject.kind === 'dependent') return '这条记录不是家人本人';
  return CORRECTION_CATEGORY_LABELS[category];
}

export interface CategoryOption {
  value: CorrectionCategory;
  label: string;
  on: boolean;
}

export function categoryOptions(subject: Subject, selected: string): CategoryOption[] {
  return CORRECTION_CATEGORIES.map((value) => ({ value, label: categoryLabel(value, subject), on: value === selected }));
}

export interface CorrectionForm {
  category: string;
  text: string;
}

/** "12/200": how much of the text allowance is used. */
export function textCount(text: string): string {
  return `${text.trim().length}/${TEXT_MAX}`;
}

/** The request body, checked with the API's own schema, or one Chinese message per field. */
export function buildCorrection(target: CorrectionTarget, form: CorrectionForm): { ok: true; body: CorrectionRequest } | { ok: false; errors: FieldErrors } {
  const result = correctionRequest.safeParse({
    trigger: target.trigger,
    ...(target.declaredOn ? { declaredOn: target.declaredOn } : {}),
    ...(form.category ? { category: form.category } : {}),
    text: form.text,
  });
  if (result.success) return { ok: true, body: result.data };
  const errors = zodFieldErrors(result.error);
  if (!form.category) errors.category = '请选择纠错原因';
  return { ok: false, errors };
}

export type StateTone = 'open' | 'accepted' | 'rejected';

export interface CorrectionRow {
  id: string;
  title: string;
  category: string;
  stateText: string;
  tone: StateTone;
  filedAt: string;
  decidedAt: string;
}

/** Each correction as the list shows it; the state's words are the server's own. */
export function correctionRows(corrections: readonly ResidentCorrection[], subject: Subject): CorrectionRow[] {
  return corrections.map((c) => ({
    id: c.id,
    title: targetLabel(c),
    category: `原因：${categoryLabel(c.category, subject)}`,
    stateText: c.stateText,
    tone: c.state === 'accepted' ? 'accepted' : c.state === 'rejected' ? 'rejected' : 'open',
    filedAt: `提交时间：${dateTime(c.filedAt)}`,
    decidedAt: c.decidedAt ? `处理时间：${dateTime(c.decidedAt)}` : '',
  }));
}

/** The correction of this target still waiting for its decision, if any. */
export function openCorrectionOf(corrections: readonly ResidentCorrection[], target: CorrectionTarget): ResidentCorrection | undefined {
  return corrections.find(
    (c) => c.trigger === target.trigger && (c.declaredOn ?? '') === (target.declaredOn ?? '') && (c.state === 'pending' || c.state === 'in-review'),
  );
}

/** Said by the page and by the server (functions/core/corrections.ts) when a target already has an open correction. */
export const ALREADY_OPEN = '这一项已有正在处理的纠错申请，请等待审核结果';

/** Said after a correction was filed: filing changes no colour. */
export const FILED = '纠错申请已提交。健康码颜色不会因此马上改变，需两名工作人员核实确认后才会处理。';

export type NoticeTone = 'info' | 'warn' | 'bad';

/**
 * What the page says when filing fails, and whether the form stays open. A 409 (the item already has
 * an open correction, or the status no longer shows it) closes the form: filing again cannot help.
 * A 429 keeps it and says when to come back, from Retry-After when the answer has one.
 */
export function filingFailure(result: Exclude<ApiResult<unknown>, { ok: true }>, now: Date): { notice: string; tone: NoticeTone; keepForm: boolean; retryAtMs?: number } {
  if (result.kind === 'network') return { notice: `${result.message}。请在网络恢复后再次点击提交`, tone: 'warn', keepForm: true };
  const detail = result.problem.detail || result.problem.title;
  if (result.status === 409) return { notice: detail, tone: 'warn', keepForm: false };
  if (result.status === 429) {
    if (result.retryAfterSeconds === undefined) return { notice: detail, tone: 'warn', keepForm: true };
    const retryAtMs = now.getTime() + result.retryAfterSeconds * 1000;
    return { notice: `${detail}（可在${retryText(retryAtMs, now)}后再提交）`, tone: 'warn', keepForm: true, retryAtMs };
  }
  return { notice: detail, tone: 'bad', keepForm: true };
}

/** "14:05:00" today, or "2026年12月3日 14:05" on another day. */
export function retryText(atMs: number, now: Date): string {
  const at = new Date(atMs);
  return longDate(at) === longDate(now) ? clockTime(at) : dateTime(at.toISOString());
}
