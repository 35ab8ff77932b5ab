/**
 * Sign-in and the real-name profile. Pure: the page passes in the stage configuration, the time and
 * the answers it got.
 */
import { mobilePhone, profileRequestAt, type ResidentSessionRequest, type ResidentSessionResponse } from '../../../../shared/api';
import type { PhoneEnvelopeRequest } from '../../../../shared/api/resident-phone';
import { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, type DocumentType } from '../../../../shared/identity';
import type { StageConfig } from '../../config/types';
import { zodFieldErrors, type FieldErrors } from '../../lib/problem';

export interface ProfileForm {
  name: string;
  documentType: DocumentType;
  documentNumber: string;
  phone: string;
}

export { DOCUMENT_TYPE_OPTIONS, liveFieldMessage } from '../../lib/person-form';

const SUBJECT_LIMIT = 128;

/**
 * The sign-in body for this stage. With a sandbox stage the subject is the test account the reviewer
 * typed, else the auth code made safe as an identifier; elsewhere Alipay's code goes to the server.
 * @example signInBody({ sandboxSignIn: true, … }, 'abc', 'reviewer-01') → { provider: 'sandbox', subject: 'reviewer-01' }
 */
export function signInBody(config: Pick<StageConfig, 'sandboxSignIn'>, authCode: string, testAccount: string): ResidentSessionRequest {
  if (!config.sandboxSignIn) return { provider: 'alipay', authCode };
  const chosen = testAccount.trim() || authCode;
  const subject = chosen.replace(/[^A-Za-z0-9._:-]/g, '-').slice(0, SUBJECT_LIMIT);
  return { provider: 'sandbox', subject };
}

/** The form as the provider prefilled it, and which fields it filled. */
export function prefilledForm(prefill: ResidentSessionResponse['prefill']) {
  const documentType = prefill?.documentType ?? 'resident-id';
  return {
    form: {
      name: prefill?.name ?? '',
      documentType,
      documentNumber: prefill?.documentNumber ?? '',
      phone: prefill?.phone ?? '',
    } satisfies ProfileForm,
    documentTypeIndex: DOCUMENT_TYPES.indexOf(documentType),
    prefilled: { name: Boolean(prefill?.name), document: Boolean(prefill?.documentNumber), phone: Boolean(prefill?.phone) },
  };
}

/**
 * The envelope inside `my.getPhoneNumber`'s `response`: a JSON text with the encrypted `response`
 * and its `sign`, both of which the server checks and opens (POST /v1/resident/phone).
 * @example phoneEnvelope('{"response":"abc","sign":"xyz","sign_type":"RSA2"}') → { response: 'abc', sign: 'xyz' }
 */
export function phoneEnvelope(raw: string): PhoneEnvelopeRequest | undefined {
  try {
    const parsed = JSON.parse(raw) as { response?: unknown; sign?: unknown };
    if (typeof parsed.response === 'string' && typeof parsed.sign === 'string' && parsed.response && parsed.sign) {
      return { response: parsed.response, sign: parsed.sign };
    }
  } catch {
    // not an envelope
  }
  return undefined;
}

/** Full validation before submitting, with the same schema the server applies. */
export function validateProfile(form: ProfileForm, now: Date): { ok: true; body: ProfileForm } | { ok: false; errors: FieldErrors } {
  const result = profileRequestAt(now).safeParse(form);
  return result.success ? { ok: true, body: result.data } : { ok: false, errors: zodFieldErrors(result.error) };
}

/** Sign-in on stages that allow it shows the test-account field (for reviewers). */
export function signInView(config: Pick<StageConfig, 'sandboxSignIn'>, storedTestAccount: string | undefined) {
  return { sandbox: config.sandboxSignIn, testAccount: storedTestAccount ?? '' };
}

/** What an account without real-name certification can do next. */
export const UNCERTIFIED_STEPS: readonly string[] = [
  '打开支付宝App，进入“我的”，点击头像进入“身份信息”，按提示完成实名认证。',
  '完成后回到本页，点击“我已完成实名认证”重新提交。',
  '暂时无法认证的，可以请已完成实名认证的家人在“家庭成员”中为您代为申领健康码。',
];

/** The certified identity Alipay returned, as the confirm screen shows it (masked), or null. */
export function certifiedView(identity: ResidentSessionResponse['certifiedIdentity']) {
  if (!identity) return null;
  return { maskedName: identity.maskedName, documentLabel: DOCUMENT_TYPE_LABELS[identity.documentType], maskedDocument: identity.maskedDocument };
}

/** The phone alone (the confirm screen has no other field). */
export function validatePhone(phone: string): { ok: true; phone: string } | { ok: false; message: string } {
  const result = mobilePhone.safeParse(phone);
  return result.success ? { ok: true, phone: result.data } : { ok: false, message: result.error.issues[0]?.message ?? '请填写11位手机号码' };
}

/** Said after the resident declined the optional auth_user request: what they can still do, and what they miss. */
export const AUTH_USER_DECLINED_NOTICE = '您没有授权支付宝实名信息，也可以继续：请手动填写姓名和证件号码，提交后需要本人刷脸验证。已登记的账号不受影响，可以直接出示健康码。';
