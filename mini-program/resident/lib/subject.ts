/**
 * Whose code and records a page shows: the signed-in resident, or one of their dependents (家人).
 * The choice travels in the page's query, never in storage: a page opened without it is the
 * holder's own, so a launch, a new visit or a page left behind always comes back to the holder. Pure.
 */

export type Subject = { kind: 'self' } | { kind: 'dependent'; id: string; maskedName: string };

export const SELF: Subject = { kind: 'self' };

export type ResidentResource = 'status' | 'code' | 'declarations' | 'checkins' | 'history' | 'corrections';

/**
 * The API path of a resident resource for the subject.
 * @example subjectPath({ kind: 'dependent', id: 'd1', maskedName: '张*' }, 'code') === '/v1/resident/dependents/d1/code'
 */
export function subjectPath(subject: Subject, resource: ResidentResource): string {
  return subject.kind === 'self'
    ? `/v1/resident/${resource}`
    : `/v1/resident/dependents/${encodeURIComponent(subject.id)}/${resource}`;
}

/** "本人" or "家人 张*三", for page headings. */
export function subjectLabel(subject: Subject): string {
  return subject.kind === 'self' ? '本人' : `家人 ${subject.maskedName}`;
}

/**
 * The full-width banner over anything done for a dependent; empty for the holder.
 * @example subjectBanner({ kind: 'dependent', id: 'd1', maskedName: '张*三' }) === '正在出示：家人 张*三'
 */
export function subjectBanner(subject: Subject, verb = '正在出示'): string {
  return subject.kind === 'self' ? '' : `${verb}：${subjectLabel(subject)}`;
}

/** What every page that acts for someone shows about whom it acts for. */
export function subjectView(subject: Subject, verb: string) {
  return {
    subjectLabel: subjectLabel(subject),
    forDependent: subject.kind === 'dependent',
    subjectBanner: subject.kind === 'self' ? `${verb}：本人` : `${verb}：${subjectLabel(subject)}`,
  };
}

/**
 * The query that opens a page for the subject ('' for the holder).
 * @example subjectQuery({ kind: 'dependent', id: 'd1', maskedName: '张*三' }) === '?dependent=d1&name=%E5%BC%A0*%E4%B8%89'
 */
export function subjectQuery(subject: Subject): string {
  if (subject.kind === 'self') return '';
  return `?dependent=${encodeURIComponent(subject.id)}&name=${encodeURIComponent(subject.maskedName)}`;
}

/** A page's query read back as a Subject; anything missing or odd means the resident themself. */
export function subjectFromQuery(query: Record<string, unknown> | undefined): Subject {
  const id = query?.dependent;
  const name = query?.name;
  if (typeof id === 'string' && id !== '' && typeof name === 'string' && name !== '') {
    return { kind: 'dependent', id: safeDecode(id), maskedName: safeDecode(name) };
  }
  return SELF;
}

// Hosts differ in whether they decode query values before onLoad; decoding twice must not throw.
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The storage key of a per-subject value, e.g. the day of the last check-in. */
export function subjectKey(base: string, subject: Subject): string {
  return subject.kind === 'self' ? base : `${base}:${subject.id}`;
}
