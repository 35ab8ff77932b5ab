import * as z from 'zod';

/** POST /v1/dev/clock (local stage only). */
export const devClockRequest = z
  .object({
    now: z.iso.datetime({ offset: true, message: '时间格式应为带时区的 ISO 8601，例如2026-03-01T08:00:00+08:00' }),
  })
  .strict();
export type DevClockRequest = z.infer<typeof devClockRequest>;
