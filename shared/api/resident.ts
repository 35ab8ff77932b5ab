/**
 * Bodies of the resident routes (role `resident`); the routes are listed in functions/routes.ts.
 *
 * Schemas whose checks depend on the current time are factories that take `now` (from the Clock
 * port, never `new Date()` inside a use case): `profileRequestAt(now)`, `declarationRequestAt(now)`,
 * `dependentRequestAt(now)`. Build one per request; the others are plain schemas.
 */
import * as z from 'zod';
import { addDays, daysBetween, isCalendarDay, shanghaiDay } from '../time';
import {
  authCode,
  calendarDay,
  color,
  documentNumber,
  documentType,
  identifier,
  isAfterToday,
  maskedHolder,
  mobilePhone,
  personName,
  regionCode,
  symptoms,
  temperature,
  timestamp,
  withIdentityCheck,
} from './fields';

// ---- POST /v1/resident/sessions ----

export const residentSessionRequest = z.discriminatedUnion(
  'provider',
  [
    z.strictObject({ provider: z.literal('alipay'), authCode }),
    z.strictObject({ provider: z.literal('sandbox'), subject: identifier('测试账号', 128) }),
  ],
  { error: '不支持的登录方式' },
);
export type ResidentSessionRequest = z.infer<typeof residentSessionRequest>;

/** An identity as a confirm screen shows it: masked, never in clear. */
export const maskedIdentity = z.strictObject({
  maskedName: z.string().max(60),
  documentType,
  maskedDocument: z.string().max(40),
});

export const residentSessionResponse = z.strictObject({
  token: z.string().min(1).max(4096),
  expiresAt: timestamp,
  registered: z.boolean(),
  /**
   * The real-name identity Alipay certified for this account (masked), when Alipay returns it: the
   * resident confirms it with `POST /profile { identity: "alipay", phone }`. Absent: the resident
   * verifies a typed identity first (`POST /identity-verifications`).
   */
  certifiedIdentity: maskedIdentity.optional(),
  /** What the identity provider granted, for this user only. */
  prefill: z
    .strictObject({
      name: z.string().max(50).optional(),
      documentType: documentType.optional(),
      documentNumber: z.string().max(64).optional(),
      phone: z.string().max(20).optional(),
    })
    .optional(),
});
export type ResidentSessionResponse = z.infer<typeof residentSessionResponse>;

// ---- POST /v1/resident/profile ----

/** Profile form; the output carries the normalised document number and an 11-digit phone. */
export function profileRequestAt(now: Date) {
  return withIdentityCheck(
    z.strictObject({ name: personName, documentType, documentNumber, phone: mobilePhone }),
    now,
  );
}
export type ProfileRequest = z.infer<ReturnType<typeof profileRequestAt>>;

/** Profile from the identity Alipay certified for this account: confirmed, never typed. */
export const profileFromAlipayRequest = z.strictObject({ identity: z.literal('alipay', { error: '请确认支付宝实名信息' }), phone: mobilePhone });

/** Profile from a passed identity verification (the identity is the one verified, not typed again). */
export const profileFromVerificationRequest = z.strictObject({ verificationId: identifier('验证编号'), phone: mobilePhone });

// ---- POST /v1/resident/identity-verifications ----

/** The typed identity to verify (Alipay accounts without certified fields). */
export function identityVerificationRequestAt(now: Date) {
  return withIdentityCheck(z.strictObject({ name: personName, documentType, documentNumber }), now);
}

/** What the client needs for the verification step (`my.startAPVerify({ url, certifyId })`). */
export const verificationTicket = z.strictObject({
  id: z.string().min(1).max(64),
  certifyId: z.string().min(1).max(128),
  url: z.string().min(1).max(4096),
  expiresAt: timestamp,
});
export const identityVerificationResponse = z.strictObject({ verification: verificationTicket });
export type IdentityVerificationResponse = z.infer<typeof identityVerificationResponse>;

// ---- POST /v1/resident/sandbox-certify/{certifyId} (local and review only) ----

/** The sandbox's face step: how it went. */
export const sandboxCertifyRequest = z.strictObject({ outcome: z.enum(['pass', 'fail', 'quit'], { error: '请选择验证结果' }) });
export const certifyIdParam = z.strictObject({ certifyId: identifier('验证流水号', 128) });

export const profileResponse = z.strictObject({
  profile: z.strictObject({
    maskedName: z.string().max(60),
    documentType,
    maskedDocument: z.string().max(40),
    maskedPhone: z.string().max(20),
  }),
});
export type ProfileResponse = z.infer<typeof profileResponse>;

// ---- GET /v1/resident/status (also inside other answers) ----

/** `declaredOn`: for a declared trigger, the day of the declaration that started it (a correction names it). */
export const reason = z.strictObject({ code: z.string().max(64), message: z.string().max(200), declaredOn: calendarDay.optional() });
export type Reason = z.infer<typeof reason>;

export const clearance = z.strictObject({
  earliestAt: timestamp,
  quarantineUntil: timestamp.optional(),
  checkinsRequired: z.number().int().min(0),
  checkinsDone: z.number().int().min(0),
  /** What is still missing, e.g. "还需连续打卡3天". */
  message: z.string().max(200).optional(),
});

export const residentStatus = z.strictObject({
  color,
  since: timestamp,
  evaluatedAt: timestamp,
  rulesetVersion: z.string().max(40),
  reasons: z.array(reason).max(20),
  clearance: clearance.optional(),
});
export type ResidentStatus = z.infer<typeof residentStatus>;

// ---- POST /v1/resident/declarations ----

/** A declared stay counts, and may be declared, when it ended at most this many days before today. */
export const TRAVEL_LOOKBACK_DAYS = 14;
/** Most stays one declaration may list. */
export const MAX_TRAVEL_STAYS = 30;
/** Longest single stay we accept (a typo in the year shows up here). */
const MAX_STAY_DAYS = 366;

const stay = z.strictObject({ region: regionCode, from: calendarDay, to: calendarDay });

/**
 * The rules for the dates of one stay, given `now`: from ≤ to, `to` not after today, `to` within the
 * last TRAVEL_LOOKBACK_DAYS days (Asia/Shanghai days), and no stay longer than a year.
 */
function checkStayDates(value: { from: string; to: string }, ctx: z.core.$RefinementCtx, now: Date): void {
  const { from, to } = value;
  if (!isCalendarDay(from) || !isCalendarDay(to)) return;
  const today = shanghaiDay(now);
  if (from > to) ctx.addIssue({ code: 'custom', path: ['from'], message: '开始日期不能晚于结束日期' });
  if (isAfterToday(to, now)) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能晚于今天' });
  else if (to < addDays(today, -TRAVEL_LOOKBACK_DAYS)) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `只需填写最近${TRAVEL_LOOKBACK_DAYS}天内的行程` });
  }
  if (from <= to && daysBetween(from, to) > MAX_STAY_DAYS) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: '开始日期过早，请核对' });
  }
}

/**
 * The health declaration. Travel dates are checked against `now` (see checkStayDates); `commitment`
 * must be exactly `true`.
 */
export function declarationRequestAt(now: Date) {
  return z.strictObject({
    region: regionCode,
    travel: z
      .array(stay.superRefine((value, ctx) => checkStayDates(value, ctx, now)), { error: '请填写行程，没有行程时留空' })
      .max(MAX_TRAVEL_STAYS, `行程最多填写${MAX_TRAVEL_STAYS}条`),
    symptoms,
    temperature: temperature.optional(),
    contactWithCase: z.boolean({ error: '请选择是否接触过确诊或疑似病例' }),
    commitment: z.literal(true, { error: '请勾选本人郑重承诺' }),
  });
}
export type DeclarationRequest = z.infer<ReturnType<typeof declarationRequestAt>>;

export const declarationResponse = z.strictObject({ status: residentStatus });
export type DeclarationResponse = z.infer<typeof declarationResponse>;

// ---- GET /v1/resident/code ----

export const codeResponse = z.strictObject({
  payload: z.string().min(1).max(1000),
  svg: z.string().max(200_000),
  color,
  issuedAt: timestamp,
  expiresAt: timestamp,
  refreshInSeconds: z.number().int().min(1).max(180),
  holder: maskedHolder,
});
export type CodeResponse = z.infer<typeof codeResponse>;

// ---- POST /v1/resident/checkins ----

export const checkinRequest = z.strictObject({ temperature, symptoms });
export type CheckinRequest = z.infer<typeof checkinRequest>;

export const checkinResponse = z.strictObject({
  day: calendarDay,
  streak: z.number().int().min(0),
  status: residentStatus,
});
export type CheckinResponse = z.infer<typeof checkinResponse>;

// ---- GET /v1/resident/history ----

export const historyResponse = z.strictObject({
  changes: z
    .array(
      z.strictObject({
        at: timestamp,
        /** null for the first colour a person ever had. */
        from: color.nullable(),
        to: color,
        reasons: z.array(reason).max(20),
      }),
    )
    .max(1000),
});
export type HistoryResponse = z.infer<typeof historyResponse>;

// ---- /v1/resident/dependents ----

export const RELATIONS = ['child', 'parent', 'spouse', 'grandparent', 'grandchild', 'sibling', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];
export const RELATION_LABELS: Readonly<Record<Relation, string>> = {
  child: '子女',
  parent: '父母',
  spouse: '配偶',
  grandparent: '祖父母或外祖父母',
  grandchild: '孙子女或外孙子女',
  sibling: '兄弟姐妹',
  other: '其他亲属',
};

/** Adding a dependent (a resident without an account, managed by this one). */
export function dependentRequestAt(now: Date) {
  return withIdentityCheck(
    z.strictObject({
      name: personName,
      documentType,
      documentNumber,
      relation: z.enum(RELATIONS, { error: '请选择与本人的关系' }),
    }),
    now,
  );
}
export type DependentRequest = z.infer<ReturnType<typeof dependentRequestAt>>;

/**
 * `pending`: added, waiting for the person's identity verification (no code, nothing revealed);
 * `active`: verified, has a code; `claimed`: the person registered themselves (该家庭成员已自行申领健康码).
 */
export const DEPENDENT_STATES = ['pending', 'active', 'claimed'] as const;
export const CLAIMED_NOTICE = '该家庭成员已自行申领健康码';

export const dependentSummary = z.strictObject({
  id: z.string().min(1).max(64),
  maskedName: z.string().max(60),
  maskedDocument: z.string().max(40),
  state: z.enum(DEPENDENT_STATES).optional(),
  /** Shown in the list instead of the code (e.g. CLAIMED_NOTICE). */
  notice: z.string().max(100).optional(),
  /** Pending only: the code a community service point asks for to confirm the person in person. */
  confirmationCode: z.string().max(16).optional(),
});
export type DependentSummary = z.infer<typeof dependentSummary>;

/**
 * Adding a dependent answers the same for every document, bound or not: a pending dependent and the
 * ticket of its identity verification.
 */
export const dependentResponse = z.strictObject({ dependent: dependentSummary, verification: verificationTicket.optional() });
export type DependentResponse = z.infer<typeof dependentResponse>;

export const dependentsResponse = z.strictObject({ dependents: z.array(dependentSummary).max(50) });
export type DependentsResponse = z.infer<typeof dependentsResponse>;

/** The body of the two dependent verification routes: an empty object (the path says everything). */
export const emptyBody = z.strictObject({}, { error: '请提交空的 JSON 对象{}' });

/** A new verification for a pending dependent (after a failure, a quit or an expiry). */
export const dependentVerificationResponse = z.strictObject({ verification: verificationTicket });

/** Path parameter `{id}` of the dependent routes. */
export const dependentIdParam = z.strictObject({ id: identifier('家庭成员编号') });
