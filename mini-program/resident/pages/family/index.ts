import { dependentResponse, dependentsResponse, dependentVerificationResponse } from '../../../../shared/api';
import { PAGES } from '../../lib/flow';
import { DOCUMENT_TYPE_OPTIONS, documentTypeAt, liveFieldMessage } from '../../lib/person-form';
import { failureMessage, problemFieldErrors, type FieldErrors } from '../../lib/problem';
import { subjectQuery } from '../../lib/subject';
import { displayView } from '../../lib/display';
import { hostFontSize, navigateTo, newIdempotencyKey, NO_CONTENT, now, readStorage, redirectTo, request, startIdentityVerification, STORAGE_KEYS, toast } from '../../platform';
import { dependentVerificationHint, isSandboxTicket, SANDBOX_OUTCOMES, type SandboxOutcome } from '../../lib/verification';
import {
  countsTowardLimit,
  dependentRows,
  dependentSubject,
  emptyDependentForm,
  MAX_DEPENDENTS,
  RELATION_OPTIONS,
  relationAt,
  removalWarning,
  validateDependent,
  type DependentForm,
} from './utils';

type Row = ReturnType<typeof dependentRows>[number];

type FamilyData = ReturnType<typeof displayView> & {
  loaded: boolean;
  dependents: Row[];
  showingSelf: boolean;
  adding: boolean;
  canAdd: boolean;
  form: DependentForm;
  documentTypeOptions: readonly string[];
  documentTypeIndex: number;
  relationOptions: readonly string[];
  relationIndex: number;
  errors: FieldErrors;
  submitting: boolean;
  notice: string;
  /** The family member whose identity verification is under way (the person faces this phone). */
  verifying: { id: string; maskedName: string; certifyId: string; url: string; sandbox: boolean; hint: string; failed: string } | null;
  sandboxOutcomes: typeof SANDBOX_OUTCOMES;
  /** The family member about to be removed: the page asks once more, saying what removal does. */
  removing: { id: string; maskedName: string; warning: string } | null;
  removeBusy: boolean;
};

type IdEvent = { currentTarget: { dataset: { id?: string } } };
type PickerEvent = { detail: { value: number } };

type FamilyHandlers = {
  load(): Promise<void>;
  onStartAdd(): void;
  onCancelAdd(): void;
  onNameInput(value: string): void;
  onDocumentTypeChange(e: PickerEvent): void;
  onDocumentNumberInput(value: string): void;
  onRelationChange(e: PickerEvent): void;
  onSubmit(): Promise<void>;
  onShowCode(e: IdEvent): void;
  onDeclare(e: IdEvent): void;
  onShowOwnCode(): void;
  openFor(page: string, id: string | undefined): void;
  onStartVerify(): Promise<void>;
  onSandboxOutcome(e: { currentTarget: { dataset: { outcome?: SandboxOutcome } } }): Promise<void>;
  onRetryVerify(e?: IdEvent): Promise<void>;
  onCancelVerify(): void;
  checkVerification(): Promise<void>;
  onAskRemove(e: IdEvent): void;
  onCancelRemove(): void;
  onConfirmRemove(): Promise<void>;
};

Page<FamilyData, { idempotencyKey?: string }, FamilyHandlers>({
  data: {
    loaded: false,
    dependents: [],
    showingSelf: true,
    adding: false,
    canAdd: true,
    form: emptyDependentForm(),
    documentTypeOptions: DOCUMENT_TYPE_OPTIONS,
    documentTypeIndex: 0,
    relationOptions: RELATION_OPTIONS,
    relationIndex: -1,
    errors: {},
    submitting: false,
    notice: '',
    ...displayView(undefined, undefined),
    verifying: null,
    sandboxOutcomes: SANDBOX_OUTCOMES,
    removing: null,
    removeBusy: false,
  },
  onShow() {
    this.setData(displayView(readStorage(STORAGE_KEYS.display), hostFontSize()));
    void this.load();
  },
  async load() {
    const result = await request('GET', '/v1/resident/dependents', undefined, { schema: dependentsResponse });
    if (result.ok) {
      this.setData({
        loaded: true,
        dependents: dependentRows(result.data.dependents),
        showingSelf: true,
        canAdd: countsTowardLimit(result.data.dependents) < MAX_DEPENDENTS,
      });
    } else if (result.kind === 'problem' && result.status === 401) {
      redirectTo(PAGES.authorise);
    } else {
      this.setData({ notice: failureMessage(result) });
    }
  },
  onStartAdd() {
    this.setData({ adding: true, form: emptyDependentForm(), documentTypeIndex: 0, relationIndex: -1, errors: {}, notice: '' });
  },
  onCancelAdd() {
    this.setData({ adding: false, errors: {} });
  },
  onNameInput(value: string) {
    const form = { ...this.data.form, name: value };
    this.setData({ form, errors: { ...this.data.errors, name: liveFieldMessage('name', form, now()) } });
  },
  onDocumentTypeChange(e: PickerEvent) {
    const form = { ...this.data.form, documentType: documentTypeAt(e.detail.value) };
    this.setData({ form, documentTypeIndex: e.detail.value, errors: { ...this.data.errors, documentNumber: liveFieldMessage('documentNumber', form, now()) } });
  },
  onDocumentNumberInput(value: string) {
    const form = { ...this.data.form, documentNumber: value };
    this.setData({ form, errors: { ...this.data.errors, documentNumber: liveFieldMessage('documentNumber', form, now()) } });
  },
  onRelationChange(e: PickerEvent) {
    this.setData({ form: { ...this.data.form, relation: relationAt(e.detail.value) }, relationIndex: e.detail.value, errors: { ...this.data.errors, relation: '' } });
  },
  async onSubmit() {
    if (this.data.submitting) return;
    const checked = validateDependent(this.data.form, now());
    if (!checked.ok) {
      this.setData({ errors: checked.errors, notice: '请按提示修改后再提交' });
      return;
    }
    this.idempotencyKey ??= newIdempotencyKey();
    this.setData({ submitting: true, errors: {}, notice: '' });
    const result = await request('POST', '/v1/resident/dependents', checked.body, { idempotencyKey: this.idempotencyKey, schema: dependentResponse });
    this.idempotencyKey = undefined;
    this.setData({ submitting: false });
    if (result.ok) {
      // The same answer for everyone: a pending member, to be verified in front of this phone.
      const ticket = result.data.verification;
      this.setData({ adding: false });
      await this.load();
      if (ticket) this.setData({ verifying: { id: result.data.dependent.id, maskedName: result.data.dependent.maskedName, certifyId: ticket.certifyId, url: ticket.url, sandbox: isSandboxTicket(ticket), hint: dependentVerificationHint(result.data.dependent.maskedName), failed: '' } });
    } else if (result.kind === 'problem' && result.status === 409) {
      this.setData({ errors: { documentNumber: result.problem.detail }, notice: result.problem.detail });
    } else {
      this.setData({ errors: result.kind === 'problem' ? problemFieldErrors(result.problem) : {}, notice: failureMessage(result) });
    }
  },
  async onStartVerify() {
    const v = this.data.verifying;
    if (!v || v.sandbox) return;
    const done = await startIdentityVerification(v);
    if (!done.ok) {
      this.setData({ verifying: { ...v, failed: done.message } });
      return;
    }
    await this.checkVerification();
  },
  async onSandboxOutcome(e) {
    const v = this.data.verifying;
    const outcome = e.currentTarget.dataset.outcome;
    if (!v || !outcome) return;
    const step = await request('POST', `/v1/resident/sandbox-certify/${encodeURIComponent(v.certifyId)}`, { outcome }, { schema: NO_CONTENT });
    if (!step.ok) {
      this.setData({ verifying: { ...v, failed: failureMessage(step) } });
      return;
    }
    await this.checkVerification();
  },
  async checkVerification() {
    const v = this.data.verifying;
    if (!v) return;
    const result = await request('POST', `/v1/resident/dependents/${encodeURIComponent(v.id)}/verification/result`, {}, { schema: dependentResponse });
    if (result.ok) {
      toast('身份验证通过，已添加家庭成员', 'success');
      this.setData({ verifying: null });
      await this.load();
      return;
    }
    this.setData({ verifying: { ...v, failed: failureMessage(result) } });
  },
  async onRetryVerify(e?: IdEvent) {
    const id = e?.currentTarget.dataset.id ?? this.data.verifying?.id;
    const row = this.data.dependents.find((d) => d.id === id);
    if (!id) return;
    const again = await request('POST', `/v1/resident/dependents/${encodeURIComponent(id)}/verification`, {}, { schema: dependentVerificationResponse });
    if (!again.ok) {
      this.setData({ notice: failureMessage(again) });
      return;
    }
    const maskedName = row?.maskedName ?? this.data.verifying?.maskedName ?? '';
    const ticket = again.data.verification;
    this.setData({ notice: '', verifying: { id, maskedName, certifyId: ticket.certifyId, url: ticket.url, sandbox: isSandboxTicket(ticket), hint: dependentVerificationHint(maskedName), failed: '' } });
  },
  onCancelVerify() {
    this.setData({ verifying: null });
  },
  /** Opens a page for one family member: the choice goes with that page only, never into storage. */
  openFor(page: string, id: string | undefined) {
    const dependent = this.data.dependents.find((d) => d.id === id);
    // A member still waiting for verification has no code and no declarations yet.
    if (dependent && dependent.state === 'active') navigateTo(page + subjectQuery(dependentSubject(dependent)));
  },
  onShowCode(e: IdEvent) {
    this.openFor(PAGES.code, e.currentTarget.dataset.id);
  },
  onDeclare(e: IdEvent) {
    this.openFor(PAGES.declaration, e.currentTarget.dataset.id);
  },
  onShowOwnCode() {
    navigateTo(PAGES.code);
  },
  onAskRemove(e: IdEvent) {
    const row = this.data.dependents.find((d) => d.id === e.currentTarget.dataset.id);
    if (row) this.setData({ removing: { id: row.id, maskedName: row.maskedName, warning: removalWarning(row) }, notice: '' });
  },
  onCancelRemove() {
    this.setData({ removing: null });
  },
  async onConfirmRemove() {
    const r = this.data.removing;
    if (!r || this.data.removeBusy) return;
    this.setData({ removeBusy: true });
    const result = await request('DELETE', `/v1/resident/dependents/${encodeURIComponent(r.id)}`, undefined, { schema: NO_CONTENT });
    this.setData({ removeBusy: false });
    // Already gone (removed from another phone) is what was asked for: the list says so.
    if (result.ok || (result.kind === 'problem' && result.status === 404)) {
      toast(`已移除${r.maskedName}`, 'success');
      this.setData({ removing: null, verifying: this.data.verifying?.id === r.id ? null : this.data.verifying });
      await this.load();
    } else if (result.kind === 'problem' && result.status === 401) {
      redirectTo(PAGES.authorise);
    } else {
      this.setData({ notice: failureMessage(result) });
    }
  },
});
