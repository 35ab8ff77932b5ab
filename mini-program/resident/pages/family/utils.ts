/**
 * Family members (dependents): the add form and the list, with which one the code page shows. Pure.
 */
import { CLAIMED_NOTICE, dependentRequestAt, RELATION_LABELS, RELATIONS, type DependentRequest, type DependentSummary } from '../../../../shared/api';
import { inPersonHint } from '../../lib/verification';
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

/**
 * The list as the page shows it. A pending member (not yet verified) has no code to show; a
 * claimed one registered themselves and is only a notice now.
 */
export function dependentRows(dependents: readonly DependentSummary[]) {
  return dependents.map((d) => {
    const state = d.state ?? 'active';
    return {
      id: d.id,
      maskedName: d.maskedName,
      maskedDocument: d.maskedDocument,
      state,
      notice: state === 'claimed' ? (d.notice ?? CLAIMED_NOTICE) : state === 'pending' ? '待刷脸验证' : '',
      inPerson: state === 'pending' && d.confirmationCode ? inPersonHint(d.confirmationCode) : '',
    };
  });
}

/** Active members only: the others have no code to show or declare for. */
export function countsTowardLimit(dependents: readonly DependentSummary[]): number {
  return dependents.filter((d) => (d.state ?? 'active') !== 'claimed').length;
}

/** The subject a family member's pages are opened for. */
export function dependentSubject(dependent: Pick<DependentSummary, 'id' | 'maskedName'>): Subject {
  return { kind: 'dependent', id: dependent.id, maskedName: dependent.maskedName };
}

/** What removing a family member does, said before it is done (the confirmation on the family page). */
export function removalWarning(row: { maskedName: string; state: string }): string {
  if (row.state === 'claimed') return `${row.maskedName}已自行申领健康码。移除后，TA只是不再出现在您的列表中。`;
  if (row.state === 'pending') return `移除后，为${row.maskedName}填写的信息将被删除，验证也不再继续。`;
  return `移除后，您将不能再出示${row.maskedName}的健康码，为TA做的申报和打卡也会删除，且无法恢复。以后如需再添加，要重新刷脸验证。`;
}
