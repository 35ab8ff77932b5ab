/**
 * In-person confirmation of a family member who cannot pass face verification (an infant, some of
 * the very old), at a community service point: the confirmation code the family's phone shows, the
 * number read from the physical document, and the inspector's own check of the document. Pure: no
 * `dd`, no `this`.
 */
import { CLAIMED_NOTICE, dependentConfirmationRequestAt, type DependentConfirmationRequest, type DependentConfirmationResponse } from '../../../../shared/api';
import type { DocumentType } from '../../../../shared/identity';
import { clockTime } from '../../../common/clock';
import { problemFieldErrors, zodFieldErrors, type ApiResult, type FieldErrors } from '../../../common/problem';

export const CODE_LENGTH = 8;
/** The alphabet of confirmation codes: no 0, 1, I or O, which are easily misread. */
const CODE_CHARACTER = /^[2-9A-HJ-NP-Z]$/;

/** What the inspector typed, as the API reads it: capitals, without spaces or dashes. */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * The line under the code field, updated on every keystroke.
 * @example codeHint('7K3') → { text: '已输入3位，还差5位', ok: false }
 */
export function codeHint(input: string): { text: string; ok: boolean } {
  const code = normaliseCode(input);
  if (code === '') return { text: '', ok: false };
  const misread = [...code].find((c) => !CODE_CHARACTER.test(c));
  if (misread !== undefined) {
    return { text: /[01IO]/.test(misread) ? '确认码里没有数字0、1和字母I、O，请再看一下家属手机' : `确认码里不会有“${misread}”，请再看一下家属手机`, ok: false };
  }
  if (code.length < CODE_LENGTH) return { text: `已输入${code.length}位，还差${CODE_LENGTH - code.length}位`, ok: false };
  if (code.length > CODE_LENGTH) return { text: `确认码只有${CODE_LENGTH}位，多输了${code.length - CODE_LENGTH}位`, ok: false };
  return { text: '确认码格式正确', ok: true };
}

export interface ConfirmationForm {
  confirmationCode: string;
  documentType: DocumentType;
  documentNumber: string;
  /** The inspector ticked that the physical document and the person were checked. */
  checked: boolean;
}

export const NOT_CHECKED = '请先核对证件原件，确认后勾选此项';

/** Validates the form with the API's own schema; the body to send, or a message per field. */
export function confirmationBody(form: ConfirmationForm, checkpointId: string, now: Date): { ok: true; body: DependentConfirmationRequest } | { ok: false; errors: FieldErrors } {
  const parsed = dependentConfirmationRequestAt(now).safeParse({
    confirmationCode: normaliseCode(form.confirmationCode),
    documentType: form.documentType,
    documentNumber: form.documentNumber,
    checkpointId,
  });
  const errors: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error);
  if (!form.checked) errors.checked = NOT_CHECKED;
  return parsed.success && form.checked ? { ok: true, body: parsed.data } : { ok: false, errors };
}

/** What the page shows after a confirmation: the masked person and who confirmed them, where and when. */
export interface Confirmed {
  maskedName: string;
  maskedDocument: string;
  confirmedText: string;
}

export function confirmedView(answer: DependentConfirmationResponse, inspectorName: string, checkpointName: string, at: Date): Confirmed {
  return {
    maskedName: answer.dependent.maskedName,
    maskedDocument: answer.dependent.maskedDocument,
    confirmedText: `由${inspectorName || '核验人员'}于${clockTime(at)}在${checkpointName}现场确认，已记录在案`,
  };
}

/** A refusal, in two lines: what happened, and what the inspector does now. */
export interface Refusal {
  headline: string;
  advice: string;
  /** Messages under the form fields (a 400). */
  errors: FieldErrors;
  /** The session ended: sign in again. */
  signedOut?: boolean;
}

const LIMIT_PATTERN = /最多可添加(\d+)位/;

/**
 * The Chinese texts for each refusal of `POST /v1/inspector/dependent-confirmations`
 * (functions/core/inspector/dependent-confirmation.ts and functions/core/resident/dependents.ts):
 * 403 not authorised at this point; 422 code or document does not match (also a code already used
 * or expired), or the family account is full; 409 the person claimed their own code, another family
 * bound them, or they were confirmed a moment ago; 429 too many lookups, with the wait.
 */
export function refusalOf(result: Exclude<ApiResult<unknown>, { ok: true }>): Refusal {
  if (result.kind === 'network') return { headline: '网络连接失败，现场确认需要联网', advice: '请连上网络后再点“确认绑定”，已填写的内容不会丢失。', errors: {} };
  const { status, problem } = result;
  const detail = problem.detail || problem.title;
  switch (status) {
    case 400: {
      const errors = problemFieldErrors(problem);
      return { headline: '填写的内容有误', advice: Object.keys(errors).length > 0 ? '请按红字提示修改后再确认。' : detail, errors };
    }
    case 401:
      return { headline: '登录已过期', advice: '请重新登录后再办理。', errors: {}, signedOut: true };
    case 403:
      return { headline: '您未被授权在此服务点办理现场确认', advice: '请点“更换”选择您所在的社区服务点；如仍不行，请联系负责人为您开通权限。', errors: {} };
    case 409:
      if (detail.includes(CLAIMED_NOTICE)) return { headline: '此人已用本人证件自行申领健康码', advice: '无需再绑定到家属名下，请其本人出示健康码。', errors: {} };
      if (detail.includes('其他家人')) return { headline: '此人已由其他家人添加', advice: '同一人只能由一个家庭账号代管。如有疑问，请家属拨打12345政务服务热线。', errors: {} };
      if (detail.includes('已完成身份验证')) return { headline: '这位家庭成员已经确认过了', advice: '无需重复确认，请家属在手机上刷新“家庭成员”。', errors: {} };
      return { headline: detail, advice: '请家属在手机上刷新“家庭成员”后再试。', errors: {} };
    case 422: {
      const limit = LIMIT_PATTERN.exec(detail);
      if (limit) return { headline: `家属名下的家庭成员已满${limit[1]}位`, advice: '一个账号最多代管这么多位，无法再绑定。可请其他家人用自己的账号添加这位成员后再来确认。', errors: {} };
      return {
        headline: '确认码或证件号码不符',
        advice: '请逐位核对家属手机上的确认码和证件原件上的号码后重试。若家属手机上已不显示确认码，说明已经确认过或已过期（7天），请家属刷新或重新添加。',
        errors: {},
      };
    }
    case 429:
      return { headline: detail, advice: '为防止确认码被猜测，每分钟可查询的次数有限，请稍候再试。', errors: {} };
    default:
      return { headline: detail, advice: '请稍后再试；多次失败请联系技术支持。', errors: {} };
  }
}
