/**
 * The privacy scan: search log lines and response bodies for the clear name, ID
 * number or phone number of people the run created. Masked values are fine; a clear value is a hit.
 * Besides the known people, any 18-character resident ID number with a valid check digit in a
 * log line is reported: it catches people seeded by other tests too.
 */
import { validateDocument } from '../../shared/identity';
import type { Person } from './people';

export interface PrivacyHit {
  where: string;
  what: 'name' | 'document' | 'phone' | 'unknown-resident-id';
  /** Masked, so the report itself leaks nothing. */
  value: string;
}

const maskValue = (v: string) => (v.length <= 2 ? '*'.repeat(v.length) : `${v[0]}${'*'.repeat(v.length - 2)}${v[v.length - 1]}`);

/** Needles of one person: the values exactly as typed, and the document in both cases of its X. */
function needles(person: Person): Array<{ what: PrivacyHit['what']; value: string }> {
  const out: Array<{ what: PrivacyHit['what']; value: string }> = [
    { what: 'name', value: person.name },
    { what: 'document', value: person.documentNumber },
    { what: 'phone', value: person.phone },
  ];
  const lower = person.documentNumber.toLowerCase();
  if (lower !== person.documentNumber) out.push({ what: 'document', value: lower });
  return out;
}

/** Scans texts (each with a label: a log line number, a route) for the people's clear values. */
export function scanTexts(texts: Array<{ where: string; text: string }>, people: Person[], options: { unknownIds?: boolean } = {}): PrivacyHit[] {
  const all = people.flatMap(needles);
  const known = new Set(people.map((p) => p.documentNumber.toUpperCase()));
  const hits: PrivacyHit[] = [];
  const now = new Date();
  for (const { where, text } of texts) {
    // JSON escapes non-ASCII as \uXXXX in some loggers: look at the decoded text too.
    const decoded = text.includes('\\u') ? text.replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : text;
    for (const needle of all) {
      if (text.includes(needle.value) || decoded.includes(needle.value)) hits.push({ where, what: needle.what, value: maskValue(needle.value) });
    }
    if (options.unknownIds) {
      for (const m of decoded.matchAll(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g)) {
        if (known.has(m[0].toUpperCase())) continue;
        if (validateDocument('resident-id', m[0], now).ok) hits.push({ where, what: 'unknown-resident-id', value: maskValue(m[0]) });
      }
    }
  }
  return hits;
}

/** Splits a log file into labelled lines. */
export function logLines(content: string, label: string): Array<{ where: string; text: string }> {
  return content.split('\n').map((text, i) => ({ where: `${label}:${i + 1}`, text }));
}
