/**
 * Whose code and status the pages show: the signed-in resident, or one of their dependents
 * (家庭成员). Pure: the choice itself is kept in storage by the pages.
 */

export type Subject = { kind: 'self' } | { kind: 'dependent'; id: string; maskedName: string };

export const SELF: Subject = { kind: 'self' };

export type ResidentResource = 'status' | 'code' | 'declarations' | 'checkins';

/**
 * The API path of a resident resource for the subject.
 * @example subjectPath({ kind: 'dependent', id: 'd1', maskedName: '张*' }, 'code') === '/v1/resident/dependents/d1/code'
 */
export function subjectPath(subject: Subject, resource: ResidentResource): string {
  return subject.kind === 'self'
    ? `/v1/resident/${resource}`
    : `/v1/resident/dependents/${encodeURIComponent(subject.id)}/${resource}`;
}

/** "本人" or the dependent's masked name, for page headings. */
export function subjectLabel(subject: Subject): string {
  return subject.kind === 'self' ? '本人' : `家庭成员 ${subject.maskedName}`;
}

/** A stored value read back as a Subject; anything unexpected means the resident themself. */
export function asSubject(value: unknown): Subject {
  const v = value as { kind?: unknown; id?: unknown; maskedName?: unknown } | undefined;
  if (v && v.kind === 'dependent' && typeof v.id === 'string' && typeof v.maskedName === 'string') {
    return { kind: 'dependent', id: v.id, maskedName: v.maskedName };
  }
  return SELF;
}

/** The storage key of a per-subject value, e.g. the day of the last check-in. */
export function subjectKey(base: string, subject: Subject): string {
  return subject.kind === 'self' ? base : `${base}:${subject.id}`;
}
