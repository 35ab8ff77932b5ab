import { historyResponse } from '../../../../shared/api';
import { PAGES } from '../../lib/flow';
import { failureMessage } from '../../lib/problem';
import { displayView } from '../../lib/display';
import { SELF, subjectFromQuery, subjectPath, subjectView, type Subject } from '../../lib/subject';
import { hostFontSize, readStorage, redirectTo, request, stopPullDownRefresh, STORAGE_KEYS } from '../../platform';
import { historyView } from './utils';

type HistoryData = ReturnType<typeof historyView> & ReturnType<typeof subjectView> & ReturnType<typeof displayView> & { notice: string };

Page<HistoryData, { subject: Subject }, { load(): Promise<void> }>({
  data: { loaded: false, changes: [], notice: '', ...subjectView(SELF, '正在查看'), ...displayView(undefined, undefined) },
  onLoad(query: Record<string, string> | undefined) {
    this.subject = subjectFromQuery(query);
  },
  onShow() {
    this.setData({ ...subjectView(this.subject, '正在查看'), ...displayView(readStorage(STORAGE_KEYS.display), hostFontSize()) });
    void this.load();
  },
  async onPullDownRefresh() {
    await this.load();
    stopPullDownRefresh();
  },
  async load() {
    const result = await request('GET', subjectPath(this.subject, 'history'), undefined, { schema: historyResponse });
    if (result.ok) this.setData({ ...historyView(result.data), notice: '' });
    else if (result.kind === 'problem' && result.status === 401) redirectTo(PAGES.authorise);
    else this.setData({ notice: failureMessage(result) });
  },
});
