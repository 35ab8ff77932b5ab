/**
 * Live validation of the identity fields shared by the profile and the dependent forms, with the
 * core's identity rules. Pure.
 */
import { mobilePhone, personName } from '../../../shared/api';
import { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, normaliseDocumentNumber, validateDocument, type DocumentType } from '../../../shared/identity';

export const DOCUMENT_TYPE_OPTIONS: readonly string[] = DOCUMENT_TYPES.map((type) => DOCUMENT_TYPE_LABELS[type]);

export interface PersonFields {
  name: string;
  documentType: DocumentType;
  documentNumber: string;
  phone?: string;
}

/** Length of a complete resident ID; fewer digits means the resident is still typing. */
const RESIDENT_ID_LENGTH = 18;

/**
 * The message to show beside a field while it is typed: empty while the value is still plausibly
 * incomplete (a resident ID of fewer than 18 digits, a phone of fewer than 11 digits), the identity
 * rules' own message otherwise.
 * @example liveFieldMessage('documentNumber', { documentType: 'resident-id', documentNumber: '3311', name: '' }, now) === ''
 */
export function liveFieldMessage(field: 'name' | 'documentNumber' | 'phone', fields: PersonFields, now: Date): string {
  const value = fields[field] ?? '';
  if (value.trim() === '') return '';
  switch (field) {
    case 'name': {
      const result = personName.safeParse(value);
      return result.success ? '' : (result.error.issues[0]?.message ?? '');
    }
    case 'documentNumber': {
      const number = normaliseDocumentNumber(value);
      if (fields.documentType === 'resident-id' && number.length < RESIDENT_ID_LENGTH && /^\d*$/.test(number)) return '';
      const result = validateDocument(fields.documentType, value, now);
      return result.ok ? '' : result.message;
    }
    case 'phone': {
      if (value.replace(/\D/g, '').length < 11 && /^[\d\s+-]*$/.test(value)) return '';
      const result = mobilePhone.safeParse(value);
      return result.success ? '' : (result.error.issues[0]?.message ?? '');
    }
  }
}

/** The document type at a picker index (the first type for anything out of range). */
export function documentTypeAt(index: number): DocumentType {
  return DOCUMENT_TYPES[index] ?? DOCUMENT_TYPES[0];
}
