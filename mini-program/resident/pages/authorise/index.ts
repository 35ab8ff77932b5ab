import { identityVerificationResponse, profileResponse, residentSessionResponse } from '../../../../shared/api';

import { isSandboxTicket } from '../../lib/verification';
import { phoneEnvelopeResponse } from '../../../../shared/api/resident-phone';
import { PAGES } from '../../lib/flow';
import { failureMessage, problemFieldErrors, type FieldErrors } from '../../lib/problem';
import {
  getAuthCode,
  getPhoneNumber,
  hostFontSize,
  newIdempotencyKey,
  now,
  readStorage,
  redirectTo,
  request,
  stageConfig,
  startIdentityVerification,
  STORAGE_KEYS,
  toast,
  writeStorage,
} from '../../platform';
import { documentTypeAt } from '../../lib/person-form';
import { displayView } from '../../lib/display';
import {
  AUTH_USER_DECLINED_NOTICE,
  DOCUMENT_TYPE_OPTIONS,
  UNCERTIFIED_STEPS,
  certifiedView,
  liveFieldMessage,
  phoneEnvelope,
  prefilledForm,
  signInBody,
  signInView,
  validateProfile,
  validatePhone,
  type ProfileForm,
} from './utils';

interface AuthoriseData extends ReturnType<typeof displayView> {
  /** confirm: Alipay returned the certified identity, which the resident confirms (never types). */
  step: 'signin' | 'confirm' | 'profile' | 'uncertified';
  /** The certified identity, masked, as Alipay gave it. */
  certified: { maskedName: string; documentLabel: string; maskedDocument: string } | null;
  /** A typed identity on the Alipay path waits for a passed identity verification. */
  verifyFailed: string;
  sandbox: boolean;
  testAccount: string;
  busy: boolean;
  notice: string;
  form: ProfileForm;
  documentTypeOptions: readonly string[];
  documentTypeIndex: number;
  prefilled: { name: boolean; document: boolean; phone: boolean };
  phoneMode: 'authorize' | 'typed';
  errors: FieldErrors;
  uncertifiedSteps: readonly string[];
}

type AuthoriseHandlers = {
  onTestAccountInput(value: string): void;
  onSignIn(): Promise<void>;
  onNameInput(value: string): void;
  onDocumentTypeChange(e: { detail: { value: number } }): void;
  onDocumentNumberInput(value: string): void;
  onPhoneInput(value: string): void;
  onPhoneAuthorize(): Promise<void>;
  onPhoneAuthorizeError(): void;
  onTypePhone(): void;
  onSubmitProfile(): Promise<void>;
  onConfirmCertified(): Promise<void>;
  submit(body: object): Promise<void>;
  verifyThenSubmit(): Promise<void>;
  updateField(field: 'name' | 'documentNumber' | 'phone', value: string): void;
};

/** The key of the profile submission being retried, kept on the page instance. */
type AuthoriseExtra = { idempotencyKey?: string };

Page<AuthoriseData, AuthoriseExtra, AuthoriseHandlers>({
  data: {
    step: 'signin',
    certified: null,
    verifyFailed: '',
    sandbox: false,
    testAccount: '',
    busy: false,
    notice: '',
    form: { name: '', documentType: 'resident-id', documentNumber: '', phone: '' },
    documentTypeOptions: DOCUMENT_TYPE_OPTIONS,
    documentTypeIndex: 0,
    prefilled: { name: false, document: false, phone: false },
    phoneMode: 'authorize',
    errors: {},
    uncertifiedSteps: UNCERTIFIED_STEPS,
    ...displayView(undefined, undefined),
  },
  onLoad() {
    this.setData(signInView(stageConfig, readStorage<string>(STORAGE_KEYS.testAccount)));
  },
  onShow() {
    this.setData(displayView(readStorage(STORAGE_KEYS.display), hostFontSize()));
  },
  onTestAccountInput(value: string) {
    this.setData({ testAccount: value });
  },
  async onSignIn() {
    if (this.data.busy) return;
    this.setData({ busy: true, notice: '' });
    let auth = await getAuthCode('auth_user');
    // auth_user is optional: declined, auth_base (no prompt) still signs in; only the prefill is missed.
    const declined = !auth.ok;
    if (!auth.ok) {
      const base = await getAuthCode('auth_base');
      if (!base.ok) {
        this.setData({ busy: false, notice: auth.message });
        return;
      }
      auth = base;
    }
    const result = await request('POST', '/v1/resident/sessions', signInBody(stageConfig, auth.authCode, this.data.testAccount), { anonymous: true, schema: residentSessionResponse });
    if (!result.ok) {
      this.setData({ busy: false, notice: failureMessage(result) });
      return;
    }
    writeStorage(STORAGE_KEYS.session, { token: result.data.token, expiresAt: result.data.expiresAt });
    if (this.data.sandbox && this.data.testAccount) writeStorage(STORAGE_KEYS.testAccount, this.data.testAccount);
    if (result.data.registered) {
      if (!readStorage(STORAGE_KEYS.profile)) writeStorage(STORAGE_KEYS.profile, { registered: true });
      redirectTo(PAGES.code);
      return;
    }
    const prefill = prefilledForm(result.data.prefill);
    const certified = certifiedView(result.data.certifiedIdentity);
    this.setData({ ...prefill, certified, step: certified ? 'confirm' : 'profile', busy: false, phoneMode: prefill.prefilled.phone ? 'typed' : 'authorize', notice: declined ? AUTH_USER_DECLINED_NOTICE : '' });
  },
  updateField(field: 'name' | 'documentNumber' | 'phone', value: string) {
    const form = { ...this.data.form, [field]: value };
    this.setData({ form, errors: { ...this.data.errors, [field]: liveFieldMessage(field, form, now()) } });
  },
  onNameInput(value: string) {
    this.updateField('name', value);
  },
  onDocumentTypeChange(e: { detail: { value: number } }) {
    const documentType = documentTypeAt(e.detail.value);
    const form = { ...this.data.form, documentType };
    this.setData({ form, documentTypeIndex: e.detail.value, errors: { ...this.data.errors, documentNumber: liveFieldMessage('documentNumber', form, now()) } });
  },
  onDocumentNumberInput(value: string) {
    this.updateField('documentNumber', value);
  },
  onPhoneInput(value: string) {
    this.updateField('phone', value);
  },
  async onPhoneAuthorize() {
    const granted = await getPhoneNumber();
    const envelope = granted.ok ? phoneEnvelope(granted.response) : undefined;
    if (!envelope) {
      this.setData({ phoneMode: 'typed', notice: granted.ok ? '未能读取手机号，请手动填写' : granted.message });
      return;
    }
    const opened = await request('POST', '/v1/resident/phone', envelope, { schema: phoneEnvelopeResponse });
    if (!opened.ok) {
      this.setData({ phoneMode: 'typed', notice: opened.kind === 'problem' ? opened.problem.detail : failureMessage(opened) });
      return;
    }
    this.setData({ phoneMode: 'typed', form: { ...this.data.form, phone: opened.data.phone }, prefilled: { ...this.data.prefilled, phone: true }, errors: { ...this.data.errors, phone: '' } });
  },
  onPhoneAuthorizeError() {
    this.setData({ phoneMode: 'typed', notice: '您没有授权手机号，请手动填写' });
  },
  onTypePhone() {
    this.setData({ phoneMode: 'typed' });
  },
  async onConfirmCertified() {
    if (this.data.busy) return;
    const checked = validatePhone(this.data.form.phone);
    if (!checked.ok) {
      this.setData({ errors: { phone: checked.message }, notice: '请按提示修改后再提交' });
      return;
    }
    await this.submit({ identity: 'alipay', phone: checked.phone });
  },
  async onSubmitProfile() {
    if (this.data.busy) return;
    const checked = validateProfile(this.data.form, now());
    if (!checked.ok) {
      this.setData({ errors: checked.errors, notice: '请按提示修改后再提交' });
      return;
    }
    // The sandbox plays Alipay: a test account's first profile is its certified identity.
    if (stageConfig.sandboxSignIn) await this.submit(checked.body);
    else await this.verifyThenSubmit();
  },
  async verifyThenSubmit() {
    const checked = validateProfile(this.data.form, now());
    if (!checked.ok) return;
    this.setData({ busy: true, notice: '', verifyFailed: '' });
    const { name, documentType, documentNumber, phone } = checked.body;
    const started = await request('POST', '/v1/resident/identity-verifications', { name, documentType, documentNumber }, { schema: identityVerificationResponse });
    if (!started.ok) {
      this.setData({ busy: false, notice: failureMessage(started), errors: started.kind === 'problem' ? problemFieldErrors(started.problem) : {} });
      return;
    }
    const ticket = started.data.verification;
    if (!isSandboxTicket(ticket)) {
      const done = await startIdentityVerification(ticket);
      if (!done.ok) {
        this.setData({ busy: false, verifyFailed: done.message });
        return;
      }
    }
    await this.submit({ verificationId: ticket.id, phone });
  },
  async submit(body: object) {
    this.idempotencyKey ??= newIdempotencyKey();
    this.setData({ busy: true, notice: '', errors: {} });
    const result = await request('POST', '/v1/resident/profile', body, { idempotencyKey: this.idempotencyKey, schema: profileResponse });
    if (result.ok) {
      writeStorage(STORAGE_KEYS.profile, { registered: true, ...result.data.profile });
      toast('实名信息已保存', 'success');
      redirectTo(PAGES.declaration);
      return;
    }
    this.idempotencyKey = undefined;
    if (result.kind === 'problem' && result.status === 422 && result.problem.detail === '请先完成支付宝实名认证') {
      this.setData({ busy: false, step: 'uncertified', notice: result.problem.detail });
    } else if (result.kind === 'problem' && result.status === 422) {
      // A verification that did not pass (or expired): say so, and offer to verify again.
      this.setData({ busy: false, verifyFailed: result.problem.detail, notice: result.problem.detail });
    } else if (result.kind === 'problem' && result.status === 409) {
      this.setData({ busy: false, errors: { documentNumber: result.problem.detail }, notice: result.problem.detail });
    } else if (result.kind === 'problem' && result.status === 401) {
      this.setData({ busy: false, step: 'signin', notice: '登录已过期，请重新授权登录' });
    } else {
      const errors = result.kind === 'problem' ? problemFieldErrors(result.problem) : {};
      this.setData({ busy: false, errors, notice: failureMessage(result) });
    }
  },
});
