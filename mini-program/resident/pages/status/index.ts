import { residentStatus } from '../../../../shared/api';
import { PAGES } from '../../lib/flow';
import { failureMessage } from '../../lib/problem';
import { asSubject, subjectLabel, subjectPath } from '../../lib/subject';
import { navigateTo, now, readStorage, redirectTo, request, stopPullDownRefresh, STORAGE_KEYS } from '../../platform';
import { emptyStatusView, statusView } from './utils';

type StatusData = ReturnType<typeof emptyStatusView> & { subjectLabel: string; notice: string };

Page<StatusData, {}, { load(): Promise<void>; onOpenCheckin(): void; onOpenHistory(): void }>({
  data: { ...emptyStatusView(), subjectLabel: '本人', notice: '' },
  onShow() {
    void this.load();
  },
  async onPullDownRefresh() {
    await this.load();
    stopPullDownRefresh();
  },
  async load() {
    const subject = asSubject(readStorage(STORAGE_KEYS.subject));
    this.setData({ subjectLabel: subjectLabel(subject) });
    const result = await request('GET', subjectPath(subject, 'status'), undefined, { schema: residentStatus });
    if (result.ok) this.setData({ ...statusView(result.data, now()), notice: '' });
    else if (result.kind === 'problem' && result.status === 401) redirectTo(PAGES.authorise);
    else if (result.kind === 'problem' && result.status === 409) this.setData({ notice: '还没有完成健康申报，申报后即可查看健康状态' });
    else this.setData({ notice: failureMessage(result) });
  },
  onOpenCheckin() {
    navigateTo(PAGES.checkin);
  },
  onOpenHistory() {
    navigateTo(PAGES.history);
  },
});
