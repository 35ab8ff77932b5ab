/**
 * Field schemas shared by the request and response bodies, each with its Chinese messages.
 */
import * as z from 'zod';
import { DOCUMENT_TYPES, normaliseDocumentNumber, validateDocument } from '../identity';
import { isKnownRegion } from '../regions';
import { isCalendarDay, shanghaiDay } from '../time';
import './errors';

export const COLORS = ['green', 'yellow', 'red'] as const;
export const color = z.enum(COLORS, { error: '健康码颜色不正确' });

/** Symptoms a resident can tick, in the order the form shows them. */
export const SYMPTOMS = [
  'fever',
  'cough',
  'fatigue',
  'sore-throat',
  'shortness-of-breath',
  'diarrhoea',
  'loss-of-smell',
  'runny-nose',
  'nasal-congestion',
  'muscle-ache',
  'conjunctivitis',
] as const;
export type Symptom = (typeof SYMPTOMS)[number];

export const SYMPTOM_LABELS: Readonly<Record<Symptom, string>> = {
  fever: '发热',
  cough: '咳嗽',
  fatigue: '乏力',
  'sore-throat': '咽痛',
  'shortness-of-breath': '呼吸困难',
  diarrhoea: '腹泻',
  'loss-of-smell': '嗅觉味觉减退',
  'runny-nose': '流涕',
  'nasal-congestion': '鼻塞',
  'muscle-ache': '肌肉酸痛',
  conjunctivitis: '结膜炎',
};

export const MIN_TEMPERATURE = 35;
export const MAX_TEMPERATURE = 42;
const TEMPERATURE_RANGE = '体温应在35.0至42.0℃之间，请重新测量';

/** A body temperature in °C. Outside 35.0–42.0 is a measuring or typing error, not a fever. */
export const temperature = z
  .number({ error: (issue) => (issue.input === undefined ? '请填写体温' : '体温应填写数字') })
  .min(MIN_TEMPERATURE, TEMPERATURE_RANGE)
  .max(MAX_TEMPERATURE, TEMPERATURE_RANGE);

/** Ticked symptoms; an empty list means none. */
export const symptoms = z
  .array(z.enum(SYMPTOMS, { error: '请从列表中选择症状' }), { error: '请选择症状，没有症状时留空' })
  .max(SYMPTOMS.length, '症状不能重复')
  .refine((list) => new Set(list).size === list.length, '症状不能重复');

/** A `YYYY-MM-DD` calendar day that exists. */
export const calendarDay = z
  .string({ error: '请填写日期' })
  .max(10, '日期格式应为年-月-日，例如2024-03-01')
  .refine(isCalendarDay, '日期格式应为年-月-日，例如2024-03-01');

/** An ISO 8601 instant with an offset, e.g. 2024-03-01T08:00:00+08:00. */
export const timestamp = z.iso.datetime({
  offset: true,
  error: '时间格式应为带时区的时间，例如2024-03-01T08:00:00+08:00',
});

/** A six-digit GB/T 2260 code: exact in Zhejiang, at province level elsewhere (see ../regions). */
export const regionCode = z.string({ error: '请选择地区' }).superRefine((code, ctx) => {
  if (!/^\d{6}$/.test(code)) ctx.addIssue({ code: 'custom', message: '地区码应为6位数字' });
  else if (!isKnownRegion(code)) ctx.addIssue({ code: 'custom', message: '地区码不正确，请重新选择地区' });
});

// Digits, control characters and the usual symbols never belong in a name; letters of any script,
// the middle dot of minority names (买买提·艾力), spaces, hyphens and apostrophes do.
const NAME_FORBIDDEN = /[\d\u0000-\u001f\u007f<>{}[\]\\/@#$%^&*_=+|~`!?;:"，。！？、；：（）()]/;
// Invisible characters that can make a masked name show something other than what was stored, or
// nothing at all: bidi controls (U+061C, U+200E/F, U+202A–202E, U+2066–2069), zero-width
// characters and joiners, the BOM, and the tag block (U+E0000–E007F).
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const ZERO_WIDTH = /[\u180e\u200b-\u200d\u2060-\u2064\ufeff\u034f\u115f\u1160\u3164\uffa0]/u;
const TAG_CHARACTERS = /[\u{e0000}-\u{e007f}]/u;
// Anything else invisible or unassigned: format, control, private-use, unassigned and surrogate code points.
const OTHER_INVISIBLE = /[\p{Cf}\p{Cc}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/u;
// Look-alikes of the middle dot (katakana, half-width, hyphenation point, bullet operators) become `·`.
const MIDDLE_DOTS = /[\u30fb\uff65\u2027\u2219\u22c5\u2022\u0387]/gu;

/**
 * A name as people write it: NFKC (full-width letters become ordinary ones), every look-alike of the
 * middle dot becomes `·`, runs of spaces become one.
 */
export function normaliseName(input: string): string {
  return input.normalize('NFKC').replace(MIDDLE_DOTS, '·').replace(/\s+/gu, ' ').trim();
}

/** Why a normalised name is refused, in Chinese, or undefined when it is acceptable. */
export function nameProblem(name: string): string | undefined {
  if (BIDI_CONTROLS.test(name)) return '姓名不能包含文字方向控制符，请重新输入';
  if (ZERO_WIDTH.test(name)) return '姓名不能包含看不见的字符，请重新输入';
  if (TAG_CHARACTERS.test(name)) return '姓名不能包含标签字符，请重新输入';
  if (OTHER_INVISIBLE.test(name)) return '姓名不能包含看不见的字符，请重新输入';
  if (NAME_FORBIDDEN.test(name)) return '姓名不能包含数字或符号';
  // Starts with a letter, so masking (which keeps the first character) always shows a visible one.
  if (!/^\p{L}/u.test(name)) return '姓名须以文字开头，请按证件填写';
  // Only letters (with their marks), spaces, `·`, hyphens and apostrophes.
  if (!/^[\p{L}\p{M} ·'’-]+$/u.test(name)) return '姓名不能包含数字或符号';
  return undefined;
}

/** A person's name as written on their document. */
export const personName = z
  .string({ error: '请填写姓名' })
  .max(200, '姓名不能超过50个字')
  .transform(normaliseName)
  .pipe(
    z
      .string()
      .min(1, '请填写姓名')
      .max(50, '姓名不能超过50个字')
      .superRefine((name, ctx) => {
        if (name.length === 0) return;
        const problem = nameProblem(name);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
  );

/** A mainland mobile number; spaces, hyphens and a +86 prefix are removed. */
export const mobilePhone = z
  .string({ error: '请填写手机号码' })
  .max(20, '请填写11位手机号码')
  .transform((phone) => phone.replace(/[\s-]+/g, '').replace(/^(?:\+|00)?86(?=1\d{10}$)/, ''))
  .refine((phone) => /^1[3-9]\d{9}$/.test(phone), '请填写11位手机号码');

export const documentType = z.enum(DOCUMENT_TYPES, { error: '请选择证件类型' });

/** A document number as typed; normalised (full-width, spaces, case) on the way in. */
export const documentNumber = z
  .string({ error: '请填写证件号码' })
  .max(64, '证件号码过长，请核对')
  .transform(normaliseDocumentNumber);

/**
 * Adds the identity check of `../identity` to an object with `documentType` and `documentNumber`:
 * the Chinese message lands on the path `documentNumber`. It runs even when other fields fail, so
 * the form shows every problem at once.
 */
export function withIdentityCheck<T extends z.ZodType<{ documentType: string; documentNumber: string }>>(schema: T, now: Date): T {
  return schema.superRefine((value, ctx) => {
    const result = validateDocument(value.documentType, value.documentNumber, now);
    if (!result.ok) ctx.addIssue({ code: 'custom', path: ['documentNumber'], message: result.message });
  }, {
    when: ({ value }) => {
      const v = value as { documentType?: unknown; documentNumber?: unknown } | null;
      return typeof v === 'object' && v !== null && (DOCUMENT_TYPES as readonly unknown[]).includes(v.documentType) && typeof v.documentNumber === 'string' && v.documentNumber.length <= 64;
    },
  }) as unknown as T;
}

/** An opaque identifier chosen by us or a partner: letters, digits and `._:-`. */
export function identifier(what: string, max = 64) {
  return z
    .string({ error: `请填写${what}` })
    .min(1, `请填写${what}`)
    .max(max, `${what}过长`)
    .regex(/^[A-Za-z0-9._:-]+$/, `${what}只能包含字母、数字和 . _ : -`);
}

/** A one-time code from a login provider (Alipay, DingTalk). */
export const authCode = z.string({ error: '缺少授权码，请重新登录' }).min(1, '缺少授权码，请重新登录').max(512, '授权码过长');

/** Whether a calendar day lies after `now`'s Asia/Shanghai day. */
export function isAfterToday(day: string, now: Date): boolean {
  return day > shanghaiDay(now);
}

/** A masked person, as every answer shows them. */
export const maskedHolder = z.strictObject({
  maskedName: z.string().max(60),
  maskedDocument: z.string().max(40),
});
