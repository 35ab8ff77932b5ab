import { correctionResponse, correctionsResponse, type ResidentCorrection } from '../../../../shared/api/corrections';
import { PAGES } from '../../lib/flow';
import { failureMessage, problemFieldErrors, type FieldErrors } from '../../lib/problem';
import { displayView } from '../../lib/display';
import { SELF, subjectFromQuery, subjectPath, subjectView, type Subject } from '../../lib/subject';
import { newIdempotencyKey, now, redirectTo, request } from '../../platform';
import { reloadingPage } from '../../reloading';
import {
  ALREADY_OPEN,
  buildCorrection,
  categoryOptions,
  correctionRows,
  FILED,
  filingFailure,
  openCorrectionOf,
  retryText,
  targetFromQuery,
  targetLabel,
  textCount,
  type CategoryOption,
  type CorrectionForm,
  type CorrectionRow,
  type CorrectionTarget,
  type NoticeTone,
} from './utils';

const VERB = '纠错申请';

type CorrectionsData = ReturnType<typeof subjectView> & ReturnType<typeof displayView> & {
  hasTarget: boolean;
  formOpen: boolean;
  targetLabel: string;
  categories: CategoryOption[];
  form: CorrectionForm;
  textCount: string;
  errors: FieldErrors;
  submitting: boolean;
  notice: string;
  noticeTone: NoticeTone;
  loaded: boolean;
  corrections: CorrectionRow[];
};

type CorrectionsExtra = {
  subject: Subject;
  target?: CorrectionTarget;
  /** The key of the last attempt and the body it carried: a retry of the same body after a network failure keeps it. */
  attempt?: { key: string; body: string };
  retryAtMs?: number;
};

type CorrectionsHandlers = {
  load(): Promise<void>;
  onCategory(event: { currentTarget?: { dataset?: { value?: string } } }): void;
  onTextInput(event: { detail?: { value?: string } } | string): void;
  onSubmit(): Promise<void>;
};

Page<CorrectionsData, CorrectionsExtra, CorrectionsHandlers>({
  data: {
    ...subjectView(SELF, VERB),
    ...displayView(undefined, undefined),
    hasTarget: false,
    formOpen: false,
    targetLabel: '',
    categories: categoryOptions(SELF, ''),
    form: { category: '', text: '' },
    textCount: textCount(''),
    errors: {},
    submitting: false,
    notice: '',
    noticeTone: 'info',
    loaded: false,
    corrections: [],
  },
  onLoad(query: Record<string, string> | undefined) {
    this.subject = subjectFromQuery(query);
    this.target = targetFromQuery(query);
    this.setData({
      ...subjectView(this.subject, VERB),
      hasTarget: this.target !== undefined,
      formOpen: this.target !== undefined,
      targetLabel: this.target ? targetLabel(this.target) : '',
      categories: categoryOptions(this.subject, ''),
    });
  },
  ...reloadingPage,
  async load() {
    const result = await request('GET', subjectPath(this.subject, 'corrections'), undefined, { schema: correctionsResponse });
    if (result.ok) {
      const list: ResidentCorrection[] = result.data.corrections;
      this.setData({ loaded: true, corrections: correctionRows(list, this.subject) });
      // Already filed (on this phone or another): say so instead of offering a form the server would refuse.
      if (this.target && this.data.formOpen && openCorrectionOf(list, this.target)) this.setData({ formOpen: false, notice: ALREADY_OPEN, noticeTone: 'info' });
    } else if (result.kind === 'problem' && result.status === 401) redirectTo(PAGES.authorise);
    else this.setData({ notice: failureMessage(result), noticeTone: 'bad' });
  },
  onCategory(event) {
    const value = event?.currentTarget?.dataset?.value ?? '';
    this.setData({ form: { ...this.data.form, category: value }, categories: categoryOptions(this.subject, value), errors: { ...this.data.errors, category: '' } });
  },
  onTextInput(event) {
    const text = typeof event === 'string' ? event : (event?.detail?.value ?? '');
    this.setData({ form: { ...this.data.form, text }, textCount: textCount(text), errors: { ...this.data.errors, text: '' } });
  },
  async onSubmit() {
    const target = this.target;
    if (!target || this.data.submitting || !this.data.formOpen) return;
    const built = buildCorrection(target, this.data.form);
    if (!built.ok) {
      this.setData({ errors: built.errors, notice: '请按提示修改后再提交', noticeTone: 'warn' });
      return;
    }
    const at = now();
    if (this.retryAtMs !== undefined && at.getTime() < this.retryAtMs) {
      this.setData({ notice: `提交次数已达上限，请在${retryText(this.retryAtMs, at)}后再提交`, noticeTone: 'warn' });
      return;
    }
    const bodyText = JSON.stringify(built.body);
    if (this.attempt?.body !== bodyText) this.attempt = { key: newIdempotencyKey(), body: bodyText };
    this.setData({ submitting: true, notice: '', errors: {} });
    const result = await request('POST', subjectPath(this.subject, 'corrections'), built.body, { idempotencyKey: this.attempt.key, schema: correctionResponse });
    this.setData({ submitting: false });
    // Only a network failure may have lost an answer the server gave: anything else ends this attempt.
    if (result.ok || result.kind !== 'network') this.attempt = undefined;
    if (result.ok) {
      this.setData({ formOpen: false, form: { category: '', text: '' }, textCount: textCount(''), categories: categoryOptions(this.subject, ''), notice: FILED, noticeTone: 'info' });
      await this.load();
      return;
    }
    if (result.kind === 'problem' && result.status === 401) {
      redirectTo(PAGES.authorise);
      return;
    }
    const failure = filingFailure(result, at);
    this.retryAtMs = failure.retryAtMs;
    this.setData({
      notice: failure.notice,
      noticeTone: failure.tone,
      formOpen: failure.keepForm,
      errors: result.kind === 'problem' ? problemFieldErrors(result.problem) : {},
    });
    // A 409 means the list may have changed under the page (filed elsewhere, decided): show it as it is.
    if (!failure.keepForm) await this.load();
  },
});
