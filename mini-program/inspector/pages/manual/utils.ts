/**
 * The manual check for people without a smartphone: the credential they hold, their document number
 * checked live as it is typed, and the measured temperature. Pure: no `dd`, no `this`.
 */
import { manualCheckRequestAt, type Credential, type ManualCheckRequest, type ManualCheckResponse } from '../../../../shared/api';
import { DOCUMENT_TYPES, DOCUMENT_TYPE_LABELS, normaliseDocumentNumber, validateDocument, type DocumentType } from '../../../../shared/identity';
import { zodFieldErrors, type FieldErrors } from '../../../common/problem';
import type { Verdict } from '../../lib/verdict';

export interface CredentialChoice {
  id: Credential;
  label: string;
}

/** The paper credentials a gate accepts, in the words printed on them locally. */
export const CREDENTIAL_CHOICES: readonly CredentialChoice[] = [
  { id: 'community-pass', label: '小区出入证' },
  { id: 'health-certificate', label: '健康证明' },
  { id: 'work-certificate', label: '单位工作证明' },
];

export const DOCUMENT_CHOICES: readonly { id: DocumentType; label: string }[] = DOCUMENT_TYPES.map((id) => ({ id, label: DOCUMENT_TYPE_LABELS[id] }));

const RESIDENT_ID_LENGTH = 18;

export interface DocumentHint {
  text: string;
  ok: boolean;
}

/**
 * The line under the document field, updated on every keystroke: progress while a resident ID is
 * still being typed, then the identity rule's verdict.
 * @example documentHint('resident-id', '3311', now) → { text: '已输入4位，还差14位', ok: false }
 */
export function documentHint(documentType: DocumentType, input: string, now: Date): DocumentHint {
  const number = normaliseDocumentNumber(input);
  if (number === '') return { text: '', ok: false };
  if (documentType === 'resident-id' && /^\d*$/.test(number) && number.length < RESIDENT_ID_LENGTH) {
    return { text: `已输入${number.length}位，还差${RESIDENT_ID_LENGTH - number.length}位`, ok: false };
  }
  const result = validateDocument(documentType, input, now);
  return result.ok ? { text: '证件号码有效', ok: true } : { text: result.message, ok: false };
}

export interface ManualForm {
  documentType: DocumentType;
  documentNumber: string;
  credential: string;
  temperature: string;
}

/** A typed temperature as a number; '' stays undefined so the schema asks for it. */
export function parseTemperature(text: string): number | undefined {
  const trimmed = text.trim().replace('，', '.').replace('。', '.');
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : Number.NaN;
}

/** Validates the form with the API's own schema; the body to send, or a message per field. */
export function manualCheckBody(
  form: ManualForm,
  checkpointId: string,
  now: Date,
): { ok: true; body: ManualCheckRequest } | { ok: false; errors: FieldErrors } {
  const parsed = manualCheckRequestAt(now).safeParse({
    documentType: form.documentType,
    documentNumber: form.documentNumber,
    credential: form.credential || undefined,
    temperature: parseTemperature(form.temperature),
    checkpointId,
  });
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, errors: zodFieldErrors(parsed.error) };
}

/** The verdict of a manual check's answer. */
export function manualVerdict(answer: ManualCheckResponse, checkedAt: Date): Verdict {
  return { kind: 'manual', ...answer, checkedAt: checkedAt.toISOString() };
}
