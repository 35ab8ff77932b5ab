/**
 * The console dashboard's aggregate views over the stream-built counters (ports below; adapters in
 * functions/adapters/colour-stats.ts, scan-log.ts, feed-stats.ts): names from shared/regions and the
 * checkpoint registry are added here, nothing is read row by row.
 */
import type { CountyStats, FeedStats, ScanDayStats } from '../../../shared/api/console-dashboard';
import { LISHUI_CITY, zhejiangRegions } from '../../../shared/regions';
import type { Color } from '../../../shared/rules/schema';

export const OTHER_COUNTY = 'other';

export interface DashboardPorts {
  countyCounters(today: string, days: number, buckets: readonly string[]): Promise<{ counties: { county: string; days: { day: string; colours: Record<Color, number> }[] }[]; dueToday: number; dueTomorrow: number }>;
  scanCounters(day: string): Promise<{ checkpointId: string; hour: string; pass: number; stop: number; invalid: number }[]>;
  checkpointNames(): Promise<Map<string, string>>;
  feedCounters(today: string, days: number): Promise<FeedStats>;
}

/** Lishui's counties in GB/T 2260 order. */
export function lishuiCounties(): { code: string; name: string }[] {
  return [...(zhejiangRegions().find((c) => c.code === LISHUI_CITY)?.counties ?? [])].filter((c) => c.code !== LISHUI_CITY);
}

export async function countyStatsView(ports: DashboardPorts, today: string, days: number): Promise<CountyStats> {
  const counties = lishuiCounties();
  const names = new Map([...counties.map((c) => [c.code, c.name] as const), [OTHER_COUNTY, '外地或未申报']]);
  const counters = await ports.countyCounters(today, days, [...counties.map((c) => c.code), OTHER_COUNTY]);
  return { ...counters, counties: counters.counties.map((c) => ({ county: c.county, name: names.get(c.county) ?? c.county, days: c.days })) };
}

export async function scanDayView(ports: DashboardPorts, day: string): Promise<ScanDayStats> {
  const [counts, names] = await Promise.all([ports.scanCounters(day), ports.checkpointNames()]);
  const by = new Map<string, ScanDayStats['checkpoints'][number]>();
  for (const c of counts) {
    const entry = by.get(c.checkpointId) ?? { checkpointId: c.checkpointId.slice(0, 64), name: (names.get(c.checkpointId) ?? c.checkpointId).slice(0, 60), hours: [], total: 0 };
    entry.hours.push({ hour: c.hour, pass: c.pass, stop: c.stop, invalid: c.invalid });
    entry.total += c.pass + c.stop + c.invalid;
    by.set(c.checkpointId, entry);
  }
  // Busiest first: the dashboard draws the top of the list.
  return { day, timeZone: 'Asia/Shanghai', checkpoints: [...by.values()].sort((a, b) => b.total - a.total || a.checkpointId.localeCompare(b.checkpointId)).slice(0, 1000) };
}

export function feedStatsView(ports: DashboardPorts, today: string, days: number): Promise<FeedStats> {
  return ports.feedCounters(today, days);
}
