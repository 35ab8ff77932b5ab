/**
 * Family members (dependents): the add form and the list, with which one the code page shows. Pure.
 */
import { dependentRequestAt, RELATION_LABELS, RELATIONS, type DependentRequest, type DependentSummary } from '../../../../shared/api';
import type { DocumentType } from '../../../../shared/identity';
import { zodFieldErrors, type FieldErrors } from '../../lib/problem';
import type { Subject } from '../../lib/subject';

export interface DependentForm {
  name: string;
  documentType: DocumentType;
  documentNumber: string;
  relation: (typeof RELATIONS)[number] | '';
}

export const RELATION_OPTIONS: readonly string[] = RELATIONS.map((r) => RELATION_LABELS[r]);

/** Most family members one account manages (the backend enforces it too). */
export const MAX_DEPENDENTS = 5;

export function emptyDependentForm(): DependentForm {
  return { name: '', documentType: 'resident-id', documentNumber: '', relation: '' };
}

export function relationAt(index: number): DependentForm['relation'] {
  return RELATIONS[index] ?? '';
}

export function validateDependent(form: DependentForm, now: Date): { ok: true; body: DependentRequest } | { ok: false; errors: FieldErrors } {
  const candidate = { ...form, ...(form.relation === '' ? { relation: undefined } : {}) };
  const result = dependentRequestAt(now).safeParse(candidate);
  return result.success ? { ok: true, body: result.data } : { ok: false, errors: zodFieldErrors(result.error) };
}

/** The list as the page shows it. */
export function dependentRows(dependents: readonly DependentSummary[]) {
  return dependents.map((d) => ({ id: d.id, maskedName: d.maskedName, maskedDocument: d.maskedDocument }));
}

/** The subject a family member's pages are opened for. */
export function dependentSubject(dependent: Pick<DependentSummary, 'id' | 'maskedName'>): Subject {
  return { kind: 'dependent', id: dependent.id, maskedName: dependent.maskedName };
}
