import { historyResponse } from '../../../../shared/api';
import { PAGES } from '../../lib/flow';
import { failureMessage } from '../../lib/problem';
import { redirectTo, request, stopPullDownRefresh } from '../../platform';
import { historyView } from './utils';

type HistoryData = ReturnType<typeof historyView> & { notice: string };

Page<HistoryData, {}, { load(): Promise<void> }>({
  data: { loaded: false, changes: [], notice: '' },
  onShow() {
    void this.load();
  },
  async onPullDownRefresh() {
    await this.load();
    stopPullDownRefresh();
  },
  async load() {
    const result = await request('GET', '/v1/resident/history', undefined, { schema: historyResponse });
    if (result.ok) this.setData({ ...historyView(result.data), notice: '' });
    else if (result.kind === 'problem' && result.status === 401) redirectTo(PAGES.authorise);
    else this.setData({ notice: failureMessage(result) });
  },
});
