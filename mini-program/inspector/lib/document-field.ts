/**
 * The document field two pages share (manual check, in-person confirmation of a family member): the
 * document-type picker and the number, checked live as it is typed. There is nothing to scan: a
 * 居民身份证 carries no code, so the number is typed from the document.
 */
import { DOCUMENT_TYPES, DOCUMENT_TYPE_LABELS, normaliseDocumentNumber, validateDocument, type DocumentType } from '../../../shared/identity';

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
export function documentHint(documentType: DocumentType, input: string, at: Date): DocumentHint {
  const number = normaliseDocumentNumber(input);
  if (number === '') return { text: '', ok: false };
  if (documentType === 'resident-id' && /^\d*$/.test(number) && number.length < RESIDENT_ID_LENGTH) {
    return { text: `已输入${number.length}位，还差${RESIDENT_ID_LENGTH - number.length}位`, ok: false };
  }
  const result = validateDocument(documentType, input, at);
  return result.ok ? { text: '证件号码有效', ok: true } : { text: result.message, ok: false };
}

export interface DocumentFieldData {
  documentIndex: number;
  documentType: DocumentType;
  documentNumber: string;
  hint: string;
  hintOk: boolean;
  errors: Record<string, string>;
}

interface DocumentFieldPage {
  data: DocumentFieldData;
  setData(data: Partial<DocumentFieldData> & Record<string, unknown>): void;
}

/**
 * The field's handlers, spread into a page's options. `now` is the platform's clock (this module
 * stays pure); `onChange` is merged into every update (the confirmation page clears its refusal).
 */
export function documentFieldHandlers(now: () => Date, onChange: Record<string, unknown> = {}) {
  return {
    onDocumentTypeChange(this: DocumentFieldPage, e: { detail: { value: number | string } }) {
      const index = Number(e.detail.value);
      const choice = DOCUMENT_CHOICES[index];
      if (!choice) return;
      this.setData({ documentIndex: index });
      setDocument(this, choice.id, this.data.documentNumber);
    },
    onDocumentInput(this: DocumentFieldPage, e: { detail: { value: string } }) {
      setDocument(this, this.data.documentType, e.detail.value);
    },
  };

  function setDocument(page: DocumentFieldPage, documentType: DocumentType, documentNumber: string) {
    const hint = documentHint(documentType, documentNumber, now());
    page.setData({ documentType, documentNumber, hint: hint.text, hintOk: hint.ok, errors: { ...page.data.errors, documentNumber: '' }, ...onChange });
  }
}
