/**
 * The engine's one memo: a Map that starts over once it holds `limit` entries, so a long-lived Lambda
 * never grows without bound. Few distinct keys occur on a given day (days around today, region codes),
 * so starting over costs one rebuild of what is still in use.
 */
import { dayNumber, monthDayLabel, startOfDayIso } from '../time';

/** No day: earlier than every day number, so "the later of two days" needs no special case. */
export const NONE = Number.NEGATIVE_INFINITY;

export class BoundedMemo<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  /** Remembers `value` under `key` and returns it. */
  set(key: K, value: V): V {
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
    return value;
  }
}

// The facts hold few distinct day strings (recent check-ins and declarations), and a Map lookup of a
// string whose hash V8 already holds (JSON.parse, and so the SDK's unmarshall, hands back such strings)
// costs about half a parse. Only a few days around today are ever formatted.
const dayNumbers = new BoundedMemo<string, number>(4096);
const isoTexts = new BoundedMemo<number, string>(4096);
const labels = new BoundedMemo<number, string>(4096);

/** `dayNumber` (../time) through the memo: NaN for a malformed day, like dayNumber. */
export function dayOf(day: string): number {
  return dayNumbers.get(day) ?? dayNumbers.set(day, dayNumber(day));
}

/** `startOfDayIso` (../time) through the memo. */
export function isoOf(n: number): string {
  return isoTexts.get(n) ?? isoTexts.set(n, startOfDayIso(n));
}

/** `monthDayLabel` (../time) through the memo: `2月25日`. */
export function labelOf(n: number): string {
  return labels.get(n) ?? labels.set(n, monthDayLabel(n));
}
