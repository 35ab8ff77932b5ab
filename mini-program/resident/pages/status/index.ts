import { residentStatus } from '../../../../shared/api';
import { PAGES } from '../../lib/flow';
import { failureMessage } from '../../lib/problem';
import { PROBLEM_TYPES } from '../../../../shared/api/problem-types';
import { displayView } from '../../lib/display';
import { SELF, subjectFromQuery, subjectPath, subjectQuery, subjectView, type Subject } from '../../lib/subject';
import { navigateTo, now, redirectTo, request } from '../../platform';
import { reloadingPage } from '../../reloading';
import { emptyStatusView, statusView } from './utils';
import { correctionTarget, correctionsUrl } from '../corrections/utils';

type StatusData = ReturnType<typeof emptyStatusView> & ReturnType<typeof subjectView> & ReturnType<typeof displayView> & { notice: string };

Page<StatusData, { subject: Subject }, { load(): Promise<void>; onOpenCheckin(): void; onOpenHistory(): void; onOpenCorrection(event: { currentTarget?: { dataset?: Record<string, unknown> } }): void; onOpenCorrections(): void }>({
  data: { ...emptyStatusView(), ...subjectView(SELF, '正在查看'), ...displayView(undefined, undefined), notice: '' },
  onLoad(query: Record<string, string> | undefined) {
    this.subject = subjectFromQuery(query);
  },
  ...reloadingPage,
  async load() {
    const subject = this.subject;
    this.setData(subjectView(subject, '正在查看'));
    const result = await request('GET', subjectPath(subject, 'status'), undefined, { schema: residentStatus });
    if (result.ok) this.setData({ ...statusView(result.data, now()), notice: '' });
    else if (result.kind === 'problem' && result.status === 401) redirectTo(PAGES.authorise);
    else if (result.kind === 'problem' && (result.problem.type === PROBLEM_TYPES.notDeclared || result.problem.type === PROBLEM_TYPES.notRegistered)) this.setData({ notice: '还没有完成健康申报，申报后即可查看健康状态' });
    else this.setData({ notice: failureMessage(result) });
  },
  onOpenCheckin() {
    navigateTo(PAGES.checkin + subjectQuery(this.subject));
  },
  onOpenHistory() {
    navigateTo(PAGES.history + subjectQuery(this.subject));
  },
  onOpenCorrection(event) {
    const dataset = event?.currentTarget?.dataset ?? {};
    const target = correctionTarget(dataset.trigger, dataset.declaredOn);
    if (target) navigateTo(correctionsUrl(PAGES.corrections, subjectQuery(this.subject), target));
  },
  onOpenCorrections() {
    navigateTo(correctionsUrl(PAGES.corrections, subjectQuery(this.subject)));
  },
});
