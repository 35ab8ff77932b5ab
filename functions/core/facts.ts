/**
 * From stored items to the engine's facts: the one decoder for DECL#, CHK# and REC# items, as the
 * DynamoDB document client returns them (attributes in any order, lists as arrays, numbers as numbers).
 *
 * Pure, no I/O: holder-state reads the items and hands them here; the engine bench builds its
 * residents through the same functions, so it measures facts laid out as the backend lays them out.
 *
 * Every fact of one kind gets one shape (same keys, same order, whatever order the item's attributes
 * came in), and empty lists are one shared frozen array. The engine then sees one hidden class per kind
 * (monomorphic property reads) and a resident's facts take fewer, adjacent heap objects: most of an
 * evaluation's time is the first read of those objects.
 */
import type { AuthorityRecordFacts, CheckinFacts, DeclarationFacts, TravelStay } from '../../shared/rules/engine';

type Item = Readonly<Record<string, unknown>>;

const NO_STRINGS: readonly string[] = Object.freeze([]);
const NO_STAYS: readonly TravelStay[] = Object.freeze([]);

/** A stored list of strings (symptoms), or the shared empty list when it is missing or empty. */
function strings(value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length === 0) return NO_STRINGS;
  return value.map(String);
}

function stays(value: unknown): readonly TravelStay[] {
  if (!Array.isArray(value) || value.length === 0) return NO_STAYS;
  return value.map((stay: Item) => ({ region: String(stay.region), from: String(stay.from), to: String(stay.to) }));
}

/** The engine's declaration from a DECL# item (or undefined when there is none). */
export function readDeclaration(stored: object | undefined): DeclarationFacts | undefined {
  if (stored === undefined) return undefined;
  const item = stored as Item;
  return {
    day: String(item.day),
    region: String(item.region),
    travel: stays(item.travel),
    symptoms: strings(item.symptoms),
    temperature: typeof item.temperature === 'number' ? item.temperature : undefined,
    contactWithCase: item.contactWithCase === true,
    // Only present when a correction withdrew something: most declarations keep the common shape.
    ...(Array.isArray(item.withdrawn) && item.withdrawn.length > 0 ? { withdrawn: item.withdrawn.map(String) as DeclarationFacts['withdrawn'] } : {}),
  };
}

/** The engine's check-in from a CHK# item. */
export function readCheckin(item: Item): CheckinFacts {
  return { day: String(item.day), temperature: Number(item.temperature), symptoms: strings(item.symptoms) };
}

/** The engine's authority record from a REC# item, or undefined when the item is not one. */
function readAuthorityRecord(item: Item): AuthorityRecordFacts | undefined {
  if (typeof item.type !== 'string' || typeof item.at !== 'string') return undefined;
  return {
    type: item.type as AuthorityRecordFacts['type'],
    at: item.at,
    day: typeof item.day === 'string' ? item.day : undefined,
    result: item.result === 'positive' || item.result === 'negative' ? item.result : undefined,
  };
}

/** Check-ins from CHK# items, in the order given (the table returns them by day). */
export function readCheckins(items: readonly Item[]): CheckinFacts[] {
  return items.map(readCheckin);
}

/**
 * Authority records from a document's items; items that are not records are left out, and so are
 * records that a withdrawal item (`withdraws`: the record's sort key, an accepted correction) names.
 */
export function readAuthorityRecords(items: readonly Item[]): AuthorityRecordFacts[] {
  const out: AuthorityRecordFacts[] = [];
  let withdrawn: Set<string> | undefined;
  for (const item of items) if (typeof item.withdraws === 'string') (withdrawn ??= new Set()).add(item.withdraws);
  for (const item of items) {
    if (withdrawn !== undefined && withdrawn.has(String(item.SK))) continue;
    if (typeof item.withdraws === 'string') continue;
    const record = readAuthorityRecord(item);
    if (record !== undefined) out.push(record);
  }
  return out;
}
