import { NotFoundError } from '../errors';
import type { HourCount, ScanLog } from './ports';

/**
 * The authority's view of one checkpoint's day.
 * 1. The checkpoint must exist (404 otherwise).
 * 2. Sum the sharded hourly counters of that Asia/Shanghai day (one Query per shard, no scan).
 * 3. Answer every hour that saw a scan, and the day's totals.
 */
export async function checkpointDayStats(
  ports: { scanLog: ScanLog; checkpointExists(id: string): Promise<boolean> },
  checkpointId: string,
  day: string,
) {
  const [exists, hours] = await Promise.all([ports.checkpointExists(checkpointId), ports.scanLog.hourlyCounts(checkpointId, day)]);
  if (!exists) throw new NotFoundError('没有这个卡口');
  const totals = hours.reduce<Omit<HourCount, 'hour'>>(
    (sum, h) => ({ pass: sum.pass + h.pass, stop: sum.stop + h.stop, invalid: sum.invalid + h.invalid }),
    { pass: 0, stop: 0, invalid: 0 },
  );
  return { checkpointId, day, timeZone: 'Asia/Shanghai', hours, totals };
}
