/**
 * The console dashboard's aggregate routes (role official/viewer). Each reads counters the table's
 * stream builds, by key or one Query per shard, never a table scan:
 *
 * GET /v1/console/stats/counties?days=14  → colour distribution per Lishui county at the end of each day, and residents who may turn green today and tomorrow
 * GET /v1/console/stats/scans?day=        → scans per checkpoint and hour of one Asia/Shanghai day
 * GET /v1/console/stats/feeds?days=7      → the feeds completed lately and their effects
 */
import * as z from 'zod';
import { calendarDay, timestamp } from './fields';
import { COLORS } from '../rules/schema';

const colourCounts = z.record(z.enum(COLORS), z.number().int().min(0));
const days = (max: number) => z.coerce.number({ error: '天数不正确' }).int('天数不正确').min(1, '天数不正确').max(max, `最多查询${max}天`).optional();

export const countyStatsQuery = z.strictObject({ days: days(60) });
export const countyStats = z.strictObject({
  /** Lishui's counties (GB/T 2260), then `other`: residents declared elsewhere or not yet declared. */
  counties: z.array(z.strictObject({ county: z.string().max(6), name: z.string().max(40), days: z.array(z.strictObject({ day: calendarDay, colours: colourCounts })).max(60) })).max(20),
  /** Not green, and the earliest day they may turn green is today or has passed (a check-in may still be missing). */
  dueToday: z.number().int().min(0),
  /** Not green, earliest green day tomorrow. */
  dueTomorrow: z.number().int().min(0),
});
export type CountyStats = z.infer<typeof countyStats>;

export const scanDayQuery = z.strictObject({ day: calendarDay });
const hourCount = z.strictObject({ hour: z.string().regex(/^\d\d$/), pass: z.number().int().min(0), stop: z.number().int().min(0), invalid: z.number().int().min(0) });
export const scanDayStats = z.strictObject({
  day: calendarDay,
  timeZone: z.literal('Asia/Shanghai'),
  checkpoints: z
    .array(z.strictObject({ checkpointId: z.string().max(64), name: z.string().max(60), hours: z.array(hourCount).max(24), total: z.number().int().min(0) }))
    .max(1000),
});
export type ScanDayStats = z.infer<typeof scanDayStats>;

export const feedStatsQuery = z.strictObject({ days: days(31) });
export const feedStats = z.strictObject({
  feeds: z
    .array(
      z.strictObject({
        feedId: z.string().max(128),
        type: z.string().max(40),
        at: timestamp,
        /** Records accepted. */
        records: z.number().int().min(0),
        /** Registered residents the feed re-evaluated. */
        people: z.number().int().min(0),
        /** Of those, residents whose colour changed, and to which colour. */
        colourChanges: z.number().int().min(0),
        turned: colourCounts,
      }),
    )
    .max(50),
});
export type FeedStats = z.infer<typeof feedStats>;
