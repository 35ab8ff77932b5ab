/** The inspector's recent checks and today's counts. Pure: no `dd`, no `this`. */
import type { ScanListResponse } from '../../../../shared/api/scan-log';
import { shanghaiDay, startOfShanghaiDay } from '../../../../shared/time';
import { clockTime } from '../../../common/clock';
import { reasonText } from '../../lib/verdict';
import { OFFLINE_SCAN_REASON } from '../../../../shared/api/offline-scans';

export type ScanItem = ScanListResponse['scans'][number];

/** Pages read for today's counts (100 scans each); the list shows the newest SHOWN_SCANS. */
export const MAX_PAGES = 20;
export const PAGE_SIZE = 100;
export const SHOWN_SCANS = 50;

/** Midnight of today in Asia/Shanghai, as the `since` of the scans query. */
export function startOfToday(now: Date): string {
  return startOfShanghaiDay(shanghaiDay(now)).toISOString();
}

/** @example scansPath('demo-gate', '2024-03-01T00:00:00.000Z') === '/v1/inspector/scans?checkpointId=demo-gate&since=2024-03-01T00%3A00%3A00.000Z&limit=100' */
export function scansPath(checkpointId: string, since: string, cursor?: string): string {
  const query = [`checkpointId=${encodeURIComponent(checkpointId)}`, `since=${encodeURIComponent(since)}`, `limit=${PAGE_SIZE}`];
  if (cursor) query.push(`cursor=${encodeURIComponent(cursor)}`);
  return `/v1/inspector/scans?${query.join('&')}`;
}

export interface Counts {
  pass: number;
  stop: number;
  invalid: number;
}

export function countOutcomes(scans: readonly ScanItem[]): Counts {
  const counts: Counts = { pass: 0, stop: 0, invalid: 0 };
  for (const scan of scans) counts[scan.outcome] += 1;
  return counts;
}

const OUTCOME_TEXTS = { pass: '放行', stop: '禁止进入', invalid: '码无效' } as const;
const COLOR_TEXTS = { green: '绿码', yellow: '黄码', red: '红码' } as const;

export interface ScanRow {
  key: string;
  time: string;
  tone: ScanItem['outcome'];
  outcomeText: string;
  detail: string;
  holder: string;
}

/** One line per scan: time, verdict, colour or reason, masked holder, and how it was checked. */
export function scanRows(scans: readonly ScanItem[]): ScanRow[] {
  return scans.slice(0, SHOWN_SCANS).map((scan, index) => ({
    key: `${scan.at}-${index}`,
    time: clockTime(new Date(scan.at)),
    tone: scan.outcome,
    outcomeText: OUTCOME_TEXTS[scan.outcome],
    detail: [
      scan.kind === 'manual' ? '人工' : scan.reason === OFFLINE_SCAN_REASON ? '离线核验' : '扫码',
      scan.color ? COLOR_TEXTS[scan.color] : '',
      scan.outcome === 'invalid' ? reasonText(scan.reason, 'invalid') : '',
    ]
      .filter(Boolean)
      .join(' · '),
    holder: scan.holder ? `${scan.holder.maskedName} ${scan.holder.maskedDocument}` : '',
  }));
}
