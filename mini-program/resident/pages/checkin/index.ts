import { checkinResponse } from '../../../../shared/api';
import { shanghaiDay } from '../../../../shared/time';
import { PAGES } from '../../lib/flow';
import { failureMessage, problemFieldErrors, type FieldErrors } from '../../lib/problem';
import { asSubject, subjectKey, subjectLabel, subjectPath } from '../../lib/subject';
import { normaliseSymptoms, symptomOptions, type SelectorItem } from '../../lib/symptoms';
import { newIdempotencyKey, now, readStorage, redirectTo, request, STORAGE_KEYS, toast, writeStorage } from '../../platform';
import { buildCheckin, doneView, openView, statusLine, type CheckinForm, type LastCheckin } from './utils';

type CheckinData = ReturnType<typeof openView> & {
  subjectLabel: string;
  form: CheckinForm;
  symptomOptions: SelectorItem[];
  errors: FieldErrors;
  submitting: boolean;
  notice: string;
  colorLabel: string;
  colorHex: string;
};

type CheckinHandlers = {
  onTemperatureInput(value: string): void;
  onSymptomsChange(value: string[] | undefined): void;
  onSubmit(): Promise<void>;
  remember(last: LastCheckin): void;
};

Page<CheckinData, { idempotencyKey?: string }, CheckinHandlers>({
  data: {
    ...openView(undefined, new Date(0)),
    subjectLabel: '本人',
    form: { temperature: '', symptoms: [] },
    symptomOptions: symptomOptions(),
    errors: {},
    submitting: false,
    notice: '',
    colorLabel: '',
    colorHex: '',
  },
  onShow() {
    const subject = asSubject(readStorage(STORAGE_KEYS.subject));
    const last = readStorage<LastCheckin>(subjectKey(STORAGE_KEYS.lastCheckin, subject));
    this.setData({ ...openView(last, now()), subjectLabel: subjectLabel(subject) });
  },
  onTemperatureInput(value: string) {
    this.setData({ form: { ...this.data.form, temperature: value }, errors: { ...this.data.errors, temperature: '' } });
  },
  onSymptomsChange(value: string[] | undefined) {
    const symptoms = normaliseSymptoms(this.data.form.symptoms, value ?? []);
    this.setData({ form: { ...this.data.form, symptoms }, errors: { ...this.data.errors, symptoms: '' } });
  },
  remember(last: LastCheckin) {
    writeStorage(subjectKey(STORAGE_KEYS.lastCheckin, asSubject(readStorage(STORAGE_KEYS.subject))), last);
  },
  async onSubmit() {
    if (this.data.submitting || this.data.doneToday) return;
    const built = buildCheckin(this.data.form);
    if (!built.ok) {
      this.setData({ errors: built.errors, notice: '请按提示修改后再提交' });
      return;
    }
    this.idempotencyKey ??= newIdempotencyKey();
    this.setData({ submitting: true, notice: '', errors: {} });
    const subject = asSubject(readStorage(STORAGE_KEYS.subject));
    const result = await request('POST', subjectPath(subject, 'checkins'), built.body, { idempotencyKey: this.idempotencyKey, schema: checkinResponse });
    this.idempotencyKey = undefined;
    this.setData({ submitting: false });
    if (result.ok) {
      const last = { day: result.data.day, streak: result.data.streak };
      this.remember(last);
      this.setData({ ...doneView(last), ...statusLine(result.data) });
      toast('打卡成功', 'success');
    } else if (result.kind === 'problem' && result.status === 409) {
      const last = readStorage<LastCheckin>(subjectKey(STORAGE_KEYS.lastCheckin, subject));
      const today = shanghaiDay(now());
      this.setData({ ...doneView(last?.day === today ? last : { day: today, streak: last?.streak ?? 0 }), notice: result.problem.detail });
    } else if (result.kind === 'problem' && result.status === 401) {
      redirectTo(PAGES.authorise);
    } else {
      this.setData({ errors: result.kind === 'problem' ? problemFieldErrors(result.problem) : {}, notice: failureMessage(result) });
    }
  },
});
