/**
 * The manual check for people without a smartphone: the credential they hold, their document number
 * checked live as it is typed, and the measured temperature. Pure: no `dd`, no `this`.
 */
import { CREDENTIALS, CREDENTIAL_LABELS, manualCheckRequestAt, type Credential, type ManualCheckRequest, type ManualCheckResponse } from '../../../../shared/api';
import type { DocumentType } from '../../../../shared/identity';
import { zodFieldErrors, type FieldErrors } from '../../../common/problem';
import type { Verdict } from '../../lib/verdict';

export interface CredentialChoice {
  id: Credential;
  label: string;
}

/** The paper credentials a gate accepts, by the names the API and the records use (shared/api). */
export const CREDENTIAL_CHOICES: readonly CredentialChoice[] = CREDENTIALS.map((id) => ({ id, label: CREDENTIAL_LABELS[id] }));

export { DOCUMENT_CHOICES, documentHint, type DocumentHint } from '../../lib/document-field';

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
