import { scanListResponse, type ScanListResponse } from '../../../../shared/api/scan-log';
import { failureMessage } from '../../../common/problem';
import { queuedScans } from '../../lib/sync';
import { now, readStorage, reLaunch, request, STORAGE_KEYS, type Checkpoint } from '../../platform';
import { queuedLine } from '../scan/utils';
import { countOutcomes, MAX_PAGES, scanRows, scansPath, startOfToday, type Counts, type ScanItem, type ScanRow } from './utils';

interface RecentData extends Counts {
  checkpointName: string;
  rows: ScanRow[];
  queuedText: string;
  loading: boolean;
  message: string;
}

Page<RecentData, {}, { load(): Promise<void> }>({
  data: { checkpointName: '', rows: [], pass: 0, stop: 0, invalid: 0, queuedText: '', loading: true, message: '' },
  onShow() {
    void this.load();
  },
  async onPullDownRefresh() {
    await this.load();
  },
  /** Today's scans at this checkpoint, page by page, for the counts; the newest are listed. */
  async load() {
    const checkpoint = readStorage<Checkpoint>(STORAGE_KEYS.checkpoint);
    if (!checkpoint) return reLaunch('/pages/signin/index');
    this.setData({ loading: true, message: '', checkpointName: checkpoint.name, queuedText: queuedLine(queuedScans().length) });
    const since = startOfToday(now());
    const scans: ScanItem[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await request<ScanListResponse>('GET', scansPath(checkpoint.id, since, cursor), undefined, { schema: scanListResponse });
      if (!result.ok) {
        if (result.kind === 'problem' && result.status === 401) return reLaunch('/pages/signin/index');
        return this.setData({ loading: false, message: failureMessage(result) });
      }
      scans.push(...result.data.scans);
      cursor = result.data.nextCursor;
      if (!cursor) break;
    }
    this.setData({ loading: false, rows: scanRows(scans), ...countOutcomes(scans) });
  },
});
