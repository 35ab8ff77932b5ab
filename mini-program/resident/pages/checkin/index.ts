import { checkinResponse } from '../../../../shared/api';
import { shanghaiDay } from '../../../../shared/time';
import { rulesetV1 } from '../../../../shared/rules/schema';
import { PAGES } from '../../lib/flow';
import { failureMessage, problemFieldErrors, type FieldErrors } from '../../lib/problem';
import { PROBLEM_TYPES } from '../../../../shared/api/problem-types';
import { SELF, subjectFromQuery, subjectKey, subjectPath, subjectQuery, subjectView, type Subject } from '../../lib/subject';
import { displayView } from '../../lib/display';
import { normaliseSymptoms, symptomOptions, type SelectorItem } from '../../lib/symptoms';
import { hostFontSize, newIdempotencyKey, now, readStorage, redirectTo, request, STORAGE_KEYS, toast, writeStorage } from '../../platform';
import { buildCheckin, doneView, openView, statusLine, type CheckinForm, type LastCheckin } from './utils';

type CheckinData = ReturnType<typeof openView> & ReturnType<typeof subjectView> & ReturnType<typeof displayView> & {
  needsDeclaration: boolean;
  form: CheckinForm;
  symptomOptions: SelectorItem[];
  errors: FieldErrors;
  submitting: boolean;
  notice: string;
  colorLabel: string;
  colorHex: string;
  /** The ruleset's fever temperature, for the text of what a normal check-in is. */
  feverTemperature: number;
};

type CheckinHandlers = {
  onTemperatureInput(value: string): void;
  onSymptomsChange(value: string[] | undefined): void;
  onSubmit(): Promise<void>;
  remember(last: LastCheckin): void;
  onOpenDeclaration(): void;
};

Page<CheckinData, { idempotencyKey?: string; subject: Subject }, CheckinHandlers>({
  data: {
    ...openView(undefined, new Date(0)),
    ...subjectView(SELF, '正在为谁打卡'),
    ...displayView(undefined, undefined),
    needsDeclaration: false,
    form: { temperature: '', symptoms: [] },
    symptomOptions: symptomOptions(),
    errors: {},
    submitting: false,
    feverTemperature: rulesetV1.thresholds.feverTemperature,
    notice: '',
    colorLabel: '',
    colorHex: '',
  },
  onLoad(query: Record<string, string> | undefined) {
    this.subject = subjectFromQuery(query);
  },
  onShow() {
    const last = readStorage<LastCheckin>(subjectKey(STORAGE_KEYS.lastCheckin, this.subject));
    this.setData({ ...openView(last, now()), ...subjectView(this.subject, '正在为谁打卡'), ...displayView(readStorage(STORAGE_KEYS.display), hostFontSize()) });
  },
  onOpenDeclaration() {
    redirectTo(PAGES.declaration + subjectQuery(this.subject));
  },
  onTemperatureInput(value: string) {
    this.setData({ form: { ...this.data.form, temperature: value }, errors: { ...this.data.errors, temperature: '' } });
  },
  onSymptomsChange(value: string[] | undefined) {
    const symptoms = normaliseSymptoms(this.data.form.symptoms, value ?? []);
    this.setData({ form: { ...this.data.form, symptoms }, errors: { ...this.data.errors, symptoms: '' } });
  },
  remember(last: LastCheckin) {
    writeStorage(subjectKey(STORAGE_KEYS.lastCheckin, this.subject), last);
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
    const subject = this.subject;
    const result = await request('POST', subjectPath(subject, 'checkins'), built.body, { idempotencyKey: this.idempotencyKey, schema: checkinResponse });
    this.idempotencyKey = undefined;
    this.setData({ submitting: false });
    if (result.ok) {
      const last = { day: result.data.day, streak: result.data.streak };
      this.remember(last);
      this.setData({ ...doneView(last), ...statusLine(result.data) });
      toast('打卡成功', 'success');
    } else if (result.kind === 'problem' && result.problem.type === PROBLEM_TYPES.alreadyCheckedIn) {
      // Done on another phone, or the phone forgot: today is done; the streak is unknown here, so none is claimed.
      const last = readStorage<LastCheckin>(subjectKey(STORAGE_KEYS.lastCheckin, subject));
      const today = shanghaiDay(now());
      this.setData({ ...doneView(last?.day === today ? last : { day: today }), notice: '' });
    } else if (result.kind === 'problem' && (result.problem.type === PROBLEM_TYPES.notDeclared || result.problem.type === PROBLEM_TYPES.notRegistered)) {
      this.setData({ needsDeclaration: true, notice: '还没有完成健康申报，请先完成健康申报再打卡' });
    } else if (result.kind === 'problem' && result.status === 401) {
      redirectTo(PAGES.authorise);
    } else {
      this.setData({ errors: result.kind === 'problem' ? problemFieldErrors(result.problem) : {}, notice: failureMessage(result) });
    }
  },
});
