import { manualCheckResponse, type ManualCheckResponse } from '../../../../shared/api';
import type { DocumentType } from '../../../../shared/identity';
import { failureMessage } from '../../../common/problem';
import { feedbackPattern, VERDICT_SOUNDS } from '../../lib/verdict';
import { navigateTo, now, readStorage, reLaunch, request, playSound, STORAGE_KEYS, vibrate, writeStorage, type Checkpoint } from '../../platform';
import { CREDENTIAL_CHOICES, manualCheckBody, manualVerdict } from './utils';
import { DOCUMENT_CHOICES, documentFieldHandlers } from '../../lib/document-field';

interface ManualData {
  documentChoices: typeof DOCUMENT_CHOICES;
  documentIndex: number;
  documentType: DocumentType;
  documentNumber: string;
  hint: string;
  hintOk: boolean;
  credentials: typeof CREDENTIAL_CHOICES;
  credential: string;
  temperature: string;
  errors: Record<string, string>;
  message: string;
  busy: boolean;
}

type InputEvent = { detail: { value: string } };
type PickerEvent = { detail: { value: number | string } };
type TapEvent = { currentTarget: { dataset: { id?: string } } };

type ManualMethods = {
  onDocumentTypeChange(e: PickerEvent): void;
  onDocumentInput(e: InputEvent): void;
  onCredential(e: TapEvent): void;
  onTemperatureInput(e: InputEvent): void;
  onSubmit(): Promise<void>;
};

const EMPTY_FORM = { documentNumber: '', hint: '', hintOk: false, credential: '', temperature: '', errors: {}, message: '', busy: false };

Page<ManualData, { submitted?: boolean }, ManualMethods>({
  data: { documentChoices: DOCUMENT_CHOICES, documentIndex: 0, documentType: 'resident-id', credentials: CREDENTIAL_CHOICES, ...EMPTY_FORM },
  onShow() {
    // Back from a result: the form is ready for the next person.
    if (!this.submitted) return;
    this.submitted = false;
    this.setData(EMPTY_FORM);
  },
  ...documentFieldHandlers(now),
  onCredential(e: TapEvent) {
    this.setData({ credential: e.currentTarget.dataset.id ?? '', errors: { ...this.data.errors, credential: '' } });
  },
  onTemperatureInput(e: InputEvent) {
    this.setData({ temperature: e.detail.value, errors: { ...this.data.errors, temperature: '' } });
  },
  async onSubmit() {
    const checkpoint = readStorage<Checkpoint>(STORAGE_KEYS.checkpoint);
    if (this.data.busy || !checkpoint) return;
    const built = manualCheckBody(this.data, checkpoint.id, now());
    if (!built.ok) return this.setData({ errors: built.errors, message: '请按提示修改后再提交' });
    this.setData({ busy: true, errors: {}, message: '' });
    const result = await request<ManualCheckResponse>('POST', '/v1/inspector/manual-checks', built.body, { schema: manualCheckResponse });
    if (!result.ok) {
      if (result.kind === 'problem' && result.status === 401) return reLaunch('/pages/signin/index');
      const offline = result.kind === 'network' ? '人工核验需要联网查询，请联网后重试' : failureMessage(result);
      return this.setData({ busy: false, message: offline });
    }
    const verdict = manualVerdict(result.data, now());
    writeStorage(STORAGE_KEYS.verdict, verdict);
    vibrate(feedbackPattern(verdict.outcome));
    playSound(VERDICT_SOUNDS[verdict.outcome]);
    this.setData({ busy: false });
    this.submitted = true;
    navigateTo('/pages/result/index');
  },
});
