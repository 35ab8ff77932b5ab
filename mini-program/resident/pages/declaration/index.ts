import { declarationResponse } from '../../../../shared/api';
import { PAGES } from '../../lib/flow';
import { failureMessage, problemFieldErrors, type FieldErrors } from '../../lib/problem';
import { pickerValueFor, regionFromLocation, regionFromPicker, regionPickerOptions, type CascaderOption } from '../../lib/regions';
import { displayView } from '../../lib/display';
import { SELF, subjectFromQuery, subjectPath, subjectQuery, subjectView, type Subject } from '../../lib/subject';
import { normaliseSymptoms, symptomOptions, type SelectorItem } from '../../lib/symptoms';
import { getDistrictAdcode, hostFontSize, newIdempotencyKey, now, pickDate, readStorage, redirectTo, request, STORAGE_KEYS, toast } from '../../platform';
import { PLEDGE_TEXT, buildDeclaration, declarationView, emptyForm, newStay, stayDateRange, type DeclarationForm } from './utils';

type View = ReturnType<typeof declarationView>;
type DeclarationData = View & ReturnType<typeof subjectView> & ReturnType<typeof displayView> & {
  regionOptions: CascaderOption[];
  regionPickerValue: string[];
  symptomOptions: SelectorItem[];
  pledgeText: string;
  locating: boolean;
  submitting: boolean;
  notice: string;
};

type DatasetEvent = { currentTarget: { dataset: { index?: number | string; field?: string; value?: string } } };

type DeclarationHandlers = {
  onUseLocation(): Promise<void>;
  onRegionOk(value: string[]): void;
  onAddStay(): void;
  onStayRegionOk(value: string[], options: unknown, e: DatasetEvent): void;
  onPickStayDate(e: DatasetEvent): Promise<void>;
  onRemoveStay(e: DatasetEvent): void;
  onSymptomsChange(value: string[] | undefined): void;
  onTemperatureInput(value: string): void;
  onContactChange(e: DatasetEvent): void;
  onCommitmentChange(checked: boolean): void;
  onSubmit(): Promise<void>;
  update(form: DeclarationForm, errors?: FieldErrors): void;
};

type DeclarationExtra = { idempotencyKey?: string; subject: Subject };

Page<DeclarationData, DeclarationExtra, DeclarationHandlers>({
  data: {
    ...declarationView(emptyForm(), {}),
    ...subjectView(SELF, '正在为谁申报'),
    ...displayView(undefined, undefined),
    regionOptions: regionPickerOptions(),
    regionPickerValue: [],
    symptomOptions: symptomOptions(),
    pledgeText: PLEDGE_TEXT,
    locating: false,
    submitting: false,
    notice: '',
  },
  onLoad(query: Record<string, string> | undefined) {
    this.subject = subjectFromQuery(query);
    this.setData({ ...subjectView(this.subject, '正在为谁申报'), ...displayView(readStorage(STORAGE_KEYS.display), hostFontSize()) });
  },
  update(form: DeclarationForm, errors?: FieldErrors) {
    this.setData({ ...declarationView(form, errors ?? this.data.errors), regionPickerValue: pickerValueFor(form.region) });
  },
  async onUseLocation() {
    this.setData({ locating: true, notice: '' });
    const located = await getDistrictAdcode();
    const region = located.ok ? regionFromLocation(located.adcode) : undefined;
    this.setData({ locating: false, notice: region ? '' : located.ok ? '未能识别当前位置，请手动选择所在地区' : located.message });
    if (region) this.update({ ...this.data.form, region }, { ...this.data.errors, region: '' });
  },
  onRegionOk(value: string[]) {
    const region = regionFromPicker(value);
    if (region) this.update({ ...this.data.form, region }, { ...this.data.errors, region: '' });
  },
  onAddStay() {
    this.update({ ...this.data.form, travel: [...this.data.form.travel, newStay(now(), this.data.form.travel)] });
  },
  onStayRegionOk(value: string[], _options: unknown, e: DatasetEvent) {
    const index = Number(e.currentTarget.dataset.index);
    const region = regionFromPicker(value);
    if (!region || !this.data.form.travel[index]) return;
    const travel = this.data.form.travel.map((stay, i) => (i === index ? { ...stay, region } : stay));
    this.update({ ...this.data.form, travel });
  },
  async onPickStayDate(e: DatasetEvent) {
    const index = Number(e.currentTarget.dataset.index);
    const field = e.currentTarget.dataset.field === 'from' ? 'from' : 'to';
    const stay = this.data.form.travel[index];
    if (!stay) return;
    const date = await pickDate({ current: stay[field], ...stayDateRange(now()) });
    if (!date) return;
    const travel = this.data.form.travel.map((s, i) => (i === index ? { ...s, [field]: date } : s));
    this.update({ ...this.data.form, travel });
  },
  onRemoveStay(e: DatasetEvent) {
    const index = Number(e.currentTarget.dataset.index);
    this.update({ ...this.data.form, travel: this.data.form.travel.filter((_, i) => i !== index) }, {});
  },
  onSymptomsChange(value: string[] | undefined) {
    const symptoms = normaliseSymptoms(this.data.form.symptoms, value ?? []);
    this.update({ ...this.data.form, symptoms }, { ...this.data.errors, symptoms: '' });
  },
  onTemperatureInput(value: string) {
    this.update({ ...this.data.form, temperature: value }, { ...this.data.errors, temperature: '' });
  },
  onContactChange(e: DatasetEvent) {
    this.update({ ...this.data.form, contactWithCase: e.currentTarget.dataset.value === 'yes' }, { ...this.data.errors, contactWithCase: '' });
  },
  onCommitmentChange(checked: boolean) {
    this.update({ ...this.data.form, commitment: checked }, { ...this.data.errors, commitment: '' });
  },
  async onSubmit() {
    if (this.data.submitting) return;
    const built = buildDeclaration(this.data.form, now());
    if (!built.ok) {
      this.update(this.data.form, built.errors);
      this.setData({ notice: '请按提示修改后再提交' });
      return;
    }
    this.idempotencyKey ??= newIdempotencyKey();
    this.setData({ submitting: true, notice: '' });
    const subject = this.subject;
    const result = await request('POST', subjectPath(subject, 'declarations'), built.body, { idempotencyKey: this.idempotencyKey, schema: declarationResponse });
    this.setData({ submitting: false });
    if (result.ok) {
      this.idempotencyKey = undefined;
      toast('申报成功', 'success');
      redirectTo(PAGES.code + subjectQuery(subject));
      return;
    }
    this.idempotencyKey = undefined;
    if (result.kind === 'problem' && result.status === 401) {
      redirectTo(PAGES.authorise);
      return;
    }
    if (result.kind === 'problem') this.update(this.data.form, problemFieldErrors(result.problem));
    this.setData({ notice: failureMessage(result) });
  },
});
