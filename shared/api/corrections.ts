/**
 * Corrections (纠错): the only way a trigger leaves a resident's status before its window ends.
 *
 * A resident (or the manager of a dependent) files one against one active trigger: a declared one
 * (named by its code and the day of the declaration that started it, as the status shows it) or one
 * from an authority record. Two officials decide it: the first proposes accept or reject, a second,
 * never the first, confirms. An accepted correction writes a withdrawal of that one trigger; the
 * colour is then whatever the rules give for the remaining facts. Nobody writes a colour.
 *
 * Routes: POST/GET /v1/resident/corrections (and /v1/resident/dependents/{id}/corrections),
 * GET /v1/authority/corrections, POST /v1/authority/corrections/{id}/decision.
 */
import * as z from 'zod';
import { TRIGGER_CODES, type TriggerCode } from '../rules/schema';
import { calendarDay, maskedHolder, timestamp } from './fields';

/** Triggers a resident states on their own declaration: named together with the declaration's day. */
export const DECLARED_TRIGGERS = ['declared-contact', 'high-risk-stay', 'medium-risk-stay', 'fever-or-symptoms'] as const satisfies readonly TriggerCode[];

/** Short names of the triggers, for the correction lists (the status itself uses the ruleset's texts). */
export const TRIGGER_LABELS: Readonly<Record<TriggerCode, string>> = {
  'confirmed-case': '确诊病例记录',
  'suspected-case': '疑似病例记录',
  'asymptomatic-case': '无症状感染者记录',
  'positive-test': '核酸检测阳性记录',
  'released-observation': '解除隔离后的观察期',
  'close-contact': '密切接触者记录',
  'declared-contact': '申报的接触史',
  'false-declaration': '虚假申报记录',
  'high-risk-stay': '申报的高风险地区旅居史',
  'medium-risk-stay': '申报的中风险地区旅居史',
  'fever-or-symptoms': '申报的发热或症状',
};

export const CORRECTION_CATEGORIES = ['declared-by-mistake', 'not-me', 'test-result-missing', 'other'] as const;
export type CorrectionCategory = (typeof CORRECTION_CATEGORIES)[number];
export const CORRECTION_CATEGORY_LABELS: Readonly<Record<CorrectionCategory, string>> = {
  'declared-by-mistake': '申报时填错了',
  'not-me': '这条记录不是我本人',
  'test-result-missing': '检测结果未录入',
  other: '其他原因',
};

/** Where a correction stands; `in-review` means one official has proposed and a second must confirm. */
export const CORRECTION_STATES = ['pending', 'in-review', 'accepted', 'rejected'] as const;
export type CorrectionState = (typeof CORRECTION_STATES)[number];

/** What a resident reads about each state, in plain words. */
export const CORRECTION_STATE_TEXTS: Readonly<Record<CorrectionState, string>> = {
  pending: '已提交，等待工作人员审核',
  'in-review': '审核中，需两名工作人员确认',
  accepted: '已采纳：该项已撤销，健康码已按规则重新评估',
  rejected: '未采纳：该项保持不变。如有疑问，请拨打12345咨询',
};

const trigger = z.enum(TRIGGER_CODES, { error: '请选择要纠错的事项' });
const correctionText = z
  .string({ error: '请简要说明情况' })
  .trim()
  .min(2, '请简要说明情况（至少2个字）')
  .max(200, '说明请不超过200字');

// ---- POST /v1/resident/corrections ----

export const correctionRequest = z
  .strictObject({
    trigger,
    /** For a declared trigger: the day of the declaration that started it (the status's `declaredOn`). */
    declaredOn: calendarDay.optional(),
    category: z.enum(CORRECTION_CATEGORIES, { error: '请选择纠错原因' }),
    text: correctionText,
  })
  .superRefine((body, ctx) => {
    const declared = (DECLARED_TRIGGERS as readonly string[]).includes(body.trigger);
    if (declared && body.declaredOn === undefined) ctx.addIssue({ code: 'custom', path: ['declaredOn'], message: '请选择是哪一天的健康申报' });
    if (!declared && body.declaredOn !== undefined) ctx.addIssue({ code: 'custom', path: ['declaredOn'], message: '该事项不是健康申报，无需填写申报日期' });
  });
export type CorrectionRequest = z.infer<typeof correctionRequest>;

/** One correction as its resident sees it: no official's name, no internal note. */
export const residentCorrection = z.strictObject({
  id: z.string().max(64),
  trigger,
  triggerLabel: z.string().max(40),
  declaredOn: calendarDay.optional(),
  category: z.enum(CORRECTION_CATEGORIES),
  state: z.enum(CORRECTION_STATES),
  stateText: z.string().max(80),
  filedAt: timestamp,
  decidedAt: timestamp.optional(),
});
export type ResidentCorrection = z.infer<typeof residentCorrection>;

export const correctionResponse = z.strictObject({ correction: residentCorrection });
export const correctionsResponse = z.strictObject({ corrections: z.array(residentCorrection).max(50) });

// ---- GET /v1/authority/corrections ----

export const correctionListQuery = z.strictObject({
  state: z.enum(CORRECTION_STATES, { error: '状态只能是 pending、in-review、accepted 或 rejected' }).optional(),
  limit: z.coerce.number({ error: '条数应为1至100的整数' }).int('条数应为1至100的整数').min(1, '条数应为1至100的整数').max(100, '条数应为1至100的整数').default(50),
  cursor: z.string().max(512, '翻页标记无效').optional(),
});
export type CorrectionListQuery = z.infer<typeof correctionListQuery>;

export const CORRECTION_DECISIONS = ['accept', 'reject'] as const;
export type CorrectionDecision = (typeof CORRECTION_DECISIONS)[number];

/** One step of a correction, hash-chained: filed, proposed, confirmed, or sent back. */
export const correctionStep = z.strictObject({
  seq: z.number().int().min(1),
  at: timestamp,
  /** `resident`, or the official (authority principal) who took the step. */
  actor: z.string().max(256),
  action: z.enum(['filed', 'proposed', 'confirmed', 'returned']),
  decision: z.enum(CORRECTION_DECISIONS).optional(),
  basis: z.string().max(200).optional(),
  prevHash: z.string().length(64),
  hash: z.string().length(64),
});
export type CorrectionStep = z.infer<typeof correctionStep>;

export const authorityCorrection = z.strictObject({
  id: z.string().max(64),
  holder: maskedHolder,
  trigger,
  triggerLabel: z.string().max(40),
  declaredOn: calendarDay.optional(),
  category: z.enum(CORRECTION_CATEGORIES),
  categoryLabel: z.string().max(40),
  text: z.string().max(200),
  state: z.enum(CORRECTION_STATES),
  filedAt: timestamp,
  /** The proposal waiting for a second official, while `in-review`. */
  proposal: z.strictObject({ decision: z.enum(CORRECTION_DECISIONS), by: z.string().max(256), basis: z.string().max(200), at: timestamp }).optional(),
  steps: z.array(correctionStep).max(100),
  /** Whether the steps' hash chain verifies. */
  chainOk: z.boolean(),
});
export type AuthorityCorrection = z.infer<typeof authorityCorrection>;

export const authorityCorrectionsResponse = z.strictObject({ corrections: z.array(authorityCorrection).max(100), nextCursor: z.string().optional() });

// ---- POST /v1/authority/corrections/{id}/decision ----

export const correctionIdParam = z.strictObject({
  id: z.string({ error: '请填写纠错编号' }).regex(/^c[0-9a-z]{8,40}$/, '纠错编号格式不正确'),
});

export const correctionDecisionRequest = z.strictObject({
  decision: z.enum(CORRECTION_DECISIONS, { error: '请选择采纳（accept）或不采纳（reject）' }),
  /** What the decision rests on: a tracing report number, a lab batch, a call with the resident. */
  basis: z.string({ error: '请填写依据，例如流调报告编号' }).trim().min(2, '请填写依据，例如流调报告编号').max(200, '依据请不超过200字'),
});
export type CorrectionDecisionRequest = z.infer<typeof correctionDecisionRequest>;

export const correctionDecisionResponse = z.strictObject({
  correction: authorityCorrection,
  /** After a confirmed acceptance: the colour the rules now give, and how many triggers were withdrawn (always one trigger; one or more stored items). */
  outcome: z.strictObject({ color: z.enum(['green', 'yellow', 'red']), withdrawnItems: z.number().int().min(0) }).optional(),
});
