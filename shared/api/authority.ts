/**
 * Bodies of the authority routes (role `authority`); the routes are listed in functions/routes.ts.
 *
 * A feed is validated in two steps, because one bad record must not refuse the whole batch (the
 * answer lists it under `rejected`): `feedRequest` checks the envelope, then
 * `validateFeedRecords(type, records, now)` checks each record against the schema of its type.
 */
import * as z from 'zod';
import { formatIssues, type IssueEntry } from './errors';
import {
  calendarDay,
  documentNumber,
  documentType,
  identifier,
  isAfterToday,
  regionCode,
  timestamp,
  withIdentityCheck,
} from './fields';

// ---- POST /v1/authority/feeds ----

export const FEED_TYPES = [
  'confirmed',
  'suspected',
  'asymptomatic',
  'close-contact',
  'released',
  'test-result',
  'false-declaration',
] as const;
export type FeedType = (typeof FEED_TYPES)[number];

export const MAX_FEED_RECORDS = 10_000;

/** Clock difference between an authority system and ours that we tolerate on `at` and `sampledAt`. */
export const FEED_CLOCK_SKEW_MS = 5 * 60 * 1000;

export const feedRequest = z.strictObject({
  feedId: identifier('批次编号', 128),
  type: z.enum(FEED_TYPES, { error: '数据类型不正确' }),
  records: z
    .array(z.unknown(), { error: '请提供记录列表' })
    .min(1, '至少需要一条记录')
    .max(MAX_FEED_RECORDS, `每批最多${MAX_FEED_RECORDS}条记录`),
});
export type FeedRequest = z.infer<typeof feedRequest>;

function notInTheFuture(now: Date) {
  // A malformed time already has its own message from `timestamp`.
  return timestamp.refine((at) => !(Date.parse(at) > now.getTime() + FEED_CLOCK_SKEW_MS), '时间不能晚于当前时间');
}

function recordSchemas(now: Date) {
  const base = { documentType, documentNumber, at: notInTheFuture(now) };
  const plain = withIdentityCheck(z.strictObject(base), now);
  return {
    confirmed: plain,
    suspected: plain,
    asymptomatic: plain,
    released: plain,
    'false-declaration': plain,
    'close-contact': withIdentityCheck(
      z.strictObject({
        ...base,
        lastExposureDay: calendarDay.refine((day) => !isAfterToday(day, now), '最后接触日期不能晚于今天'),
      }),
      now,
    ),
    'test-result': withIdentityCheck(
      z.strictObject({
        ...base,
        result: z.enum(['positive', 'negative'], { error: '检测结果应为 positive 或 negative' }),
        sampledAt: notInTheFuture(now),
      }),
      now,
    ),
  } as const;
}

/**
 * The schema of one feed record of `type`, given `now`. Every record carries `documentType`,
 * `documentNumber` (validated and normalised) and `at`; `close-contact` adds `lastExposureDay`
 * (YYYY-MM-DD), `test-result` adds `result` and `sampledAt`.
 */
export function feedRecordAt<T extends FeedType>(type: T, now: Date): ReturnType<typeof recordSchemas>[T] {
  return recordSchemas(now)[type];
}
export type FeedRecord<T extends FeedType = FeedType> = z.infer<ReturnType<typeof recordSchemas>[T]>;

export interface FeedValidation<T extends FeedType> {
  /** Valid records, normalised, each with its index in the request. */
  accepted: Array<{ index: number; record: FeedRecord<T> }>;
  /** Invalid records, as the answer's `rejected`. */
  rejected: Array<{ index: number; errors: IssueEntry[] }>;
}

/** Validates each record of a feed on its own; never throws. */
export function validateFeedRecords<T extends FeedType>(type: T, records: readonly unknown[], now: Date): FeedValidation<T> {
  const schema = feedRecordAt(type, now) as unknown as z.ZodType<FeedRecord<T>>;
  const result: FeedValidation<T> = { accepted: [], rejected: [] };
  records.forEach((candidate, index) => {
    const parsed = schema.safeParse(candidate);
    if (parsed.success) result.accepted.push({ index, record: parsed.data });
    else result.rejected.push({ index, errors: formatIssues(parsed.error) });
  });
  return result;
}

export const feedResponse = z.strictObject({
  feedId: z.string().max(128),
  accepted: z.number().int().min(0),
  rejected: z.array(
    z.strictObject({
      index: z.number().int().min(0),
      errors: z.array(z.strictObject({ path: z.string(), message: z.string() })),
    }),
  ),
  /** Residents re-coloured or re-evaluated. */
  affected: z.number().int().min(0),
});
export type FeedResponse = z.infer<typeof feedResponse>;

// ---- PUT /v1/authority/risk-areas ----

export const RISK_LEVELS = ['high', 'medium', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** How officials read a level (the console's risk-area table). */
export const RISK_LEVEL_LABELS: Readonly<Record<RiskLevel, string>> = { high: '高风险', medium: '中风险', low: '低风险' };

export const MAX_RISK_AREAS = 5000;

export const riskArea = z.strictObject({
  region: regionCode,
  level: z.enum(RISK_LEVELS, { error: '风险等级应为 high、medium 或 low' }),
  /** First Asia/Shanghai day at this level. */
  since: calendarDay,
});
export type RiskArea = z.infer<typeof riskArea>;

/** The full list of risk areas; it replaces the previous version. A region appears at most once. */
export const riskAreasRequest = z.strictObject({
  version: identifier('版本号'),
  areas: z
    .array(riskArea, { error: '请提供风险地区列表' })
    .max(MAX_RISK_AREAS, `风险地区最多${MAX_RISK_AREAS}个`)
    .superRefine((areas, ctx) => {
      const seen = new Set<string>();
      areas.forEach((area, index) => {
        if (seen.has(area.region)) ctx.addIssue({ code: 'custom', path: [index, 'region'], message: '同一地区只能出现一次' });
        seen.add(area.region);
      });
    }),
});
export type RiskAreasRequest = z.infer<typeof riskAreasRequest>;

export const riskAreasResponse = z.strictObject({ version: z.string().max(64), affected: z.number().int().min(0) });
export type RiskAreasResponse = z.infer<typeof riskAreasResponse>;
