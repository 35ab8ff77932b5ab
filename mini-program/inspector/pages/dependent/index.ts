import { dependentConfirmationResponse, type DependentConfirmationResponse } from '../../../../shared/api';
import type { DocumentType } from '../../../../shared/identity';
import { currentSession, navigateBack, navigateTo, now, readStorage, reLaunch, request, STORAGE_KEYS, vibrate, type Checkpoint } from '../../platform';
import { DOCUMENT_CHOICES, documentFieldHandlers } from '../../lib/document-field';
import { codeHint, confirmationBody, confirmedView, normaliseCode, refusalOf, type Confirmed, type Refusal } from './utils';

interface DependentData {
  checkpointName: string;
  confirmationCode: string;
  codeHint: string;
  codeOk: boolean;
  documentChoices: typeof DOCUMENT_CHOICES;
  documentIndex: number;
  documentType: DocumentType;
  documentNumber: string;
  hint: string;
  hintOk: boolean;
  checked: boolean;
  errors: Record<string, string>;
  refusal: Refusal | null;
  done: Confirmed | null;
  busy: boolean;
}

type InputEvent = { detail: { value: string } };
type PickerEvent = { detail: { value: number | string } };

type DependentMethods = {
  onCodeInput(e: InputEvent): void;
  onDocumentTypeChange(e: PickerEvent): void;
  onDocumentInput(e: InputEvent): void;
  onToggleChecked(): void;
  onSubmit(): Promise<void>;
  onNextPerson(): void;
  onBackToScan(): void;
  onSwitchCheckpoint(): void;
};

const SIGN_IN_PAGE = '/pages/signin/index';
const EMPTY_FORM = { confirmationCode: '', codeHint: '', codeOk: false, documentIndex: 0, documentType: 'resident-id' as DocumentType, documentNumber: '', hint: '', hintOk: false, checked: false, errors: {}, refusal: null, done: null, busy: false };

Page<DependentData, {}, DependentMethods>({
  data: { checkpointName: '', documentChoices: DOCUMENT_CHOICES, ...EMPTY_FORM },
  onShow() {
    // The checkpoint may have been switched on the sign-in page meanwhile.
    const checkpoint = readStorage<Checkpoint>(STORAGE_KEYS.checkpoint);
    if (!currentSession() || !checkpoint) return reLaunch(SIGN_IN_PAGE);
    this.setData({ checkpointName: checkpoint.name });
  },
  onCodeInput(e: InputEvent) {
    const hint = codeHint(e.detail.value);
    this.setData({ confirmationCode: normaliseCode(e.detail.value), codeHint: hint.text, codeOk: hint.ok, errors: { ...this.data.errors, confirmationCode: '' }, refusal: null });
  },
  // A changed document clears the last refusal: it was about the old one.
  ...documentFieldHandlers(now, { refusal: null }),
  onToggleChecked() {
    this.setData({ checked: !this.data.checked, errors: { ...this.data.errors, checked: '' } });
  },
  async onSubmit() {
    const checkpoint = readStorage<Checkpoint>(STORAGE_KEYS.checkpoint);
    const session = currentSession();
    if (this.data.busy) return;
    if (!checkpoint || !session) return reLaunch(SIGN_IN_PAGE);
    const built = confirmationBody(this.data, checkpoint.id, now());
    if (!built.ok) return this.setData({ errors: built.errors, refusal: { headline: '请按红字提示补全后再确认', advice: '', errors: {} } });
    this.setData({ busy: true, errors: {}, refusal: null });
    const result = await request<DependentConfirmationResponse>('POST', '/v1/inspector/dependent-confirmations', built.body, { schema: dependentConfirmationResponse });
    if (!result.ok) {
      const refusal = refusalOf(result);
      if (refusal.signedOut) return reLaunch(SIGN_IN_PAGE);
      vibrate('stop');
      return this.setData({ busy: false, errors: refusal.errors, refusal });
    }
    vibrate('pass');
    // The typed number and code have done their work: only the masked person stays on screen.
    this.setData({ ...EMPTY_FORM, done: confirmedView(result.data, session.inspectorName, checkpoint.name, now()) });
  },
  onNextPerson() {
    this.setData(EMPTY_FORM);
  },
  onBackToScan() {
    navigateBack();
  },
  onSwitchCheckpoint() {
    navigateTo(`${SIGN_IN_PAGE}?pick=1`);
  },
});
