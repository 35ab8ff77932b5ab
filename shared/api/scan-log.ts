/**
 * Bodies added by the inspector backend, in the API reference (docs/api.md): the paginated scans list
 * and the authority's per-checkpoint hourly counts.
 *
 * GET /v1/inspector/scans?checkpointId&since&cursor&limit → { scans, nextCursor? }
 * GET /v1/authority/checkpoints/{id}/stats?day=YYYY-MM-DD  → { checkpointId, day, timeZone, hours, totals }
 */
import * as z from 'zod';
import { calendarDay, identifier } from './fields';
import { scansQuery, scansResponse } from './inspector';

export const MAX_SCAN_PAGE = 100;

/** The scans query plus an opaque `cursor` (from the previous page's `nextCursor`) and a page size. */
export const scanListQuery = scansQuery.extend({
  cursor: z.string().min(1, '翻页参数无效，请刷新列表后重试').max(400, '翻页参数无效，请刷新列表后重试').optional(),
  limit: z.coerce
    .number({ error: '每页条数应为数字' })
    .int('每页条数应为整数')
    .min(1, '每页至少1条')
    .max(MAX_SCAN_PAGE, `每页最多${MAX_SCAN_PAGE}条`)
    .optional(),
});
export type ScanListQuery = z.infer<typeof scanListQuery>;

export const scanListResponse = scansResponse.extend({ nextCursor: z.string().max(400).optional() });
export type ScanListResponse = z.infer<typeof scanListResponse>;

export const checkpointStatsPath = z.strictObject({ id: identifier('卡口编号') });
export const checkpointStatsQuery = z.strictObject({ day: calendarDay });

const count = z.number().int().min(0);
export const hourCount = z.strictObject({
  hour: z.string().regex(/^(?:[01]\d|2[0-3])$/),
  pass: count,
  stop: count,
  invalid: count,
});

export const checkpointStatsResponse = z.strictObject({
  checkpointId: identifier('卡口编号'),
  day: calendarDay,
  timeZone: z.literal('Asia/Shanghai'),
  /** Hours that saw at least one scan, in order. */
  hours: z.array(hourCount).max(24),
  totals: z.strictObject({ pass: count, stop: count, invalid: count }),
});
export type CheckpointStatsResponse = z.infer<typeof checkpointStatsResponse>;
