/**
 * Risk areas, indexed once per list (kept by identity: the backend passes one list to every evaluation
 * until it changes) and looked up by a region's county, city (xxxx00) and province (xx0000) codes.
 */
import { regionCovers } from '../regions';
import { dayNumber } from '../time';
import { BoundedMemo, NONE } from './memo';
import type { RiskAreaFacts } from './facts';

export interface AreaLevel {
  region: string;
  high: boolean;
  since: number;
  /** The last day at this level; +Infinity while it still holds. */
  until: number;
}

export interface AreaIndex {
  /** Levels filed under their area's code as a number: a county, a city or a province. */
  byCode: Map<number, AreaLevel[]>;
  /**
   * Per region code where someone stayed, every level whose area covers it. Coverage depends on the
   * codes only, never on dates; most codes (trips inside the province) get the shared empty list.
   * More distinct codes than 10,000 (GB/T 2260 has about 3,200 counties) and it starts over.
   */
  covering: BoundedMemo<string, readonly AreaLevel[]>;
}

const NO_LEVELS: readonly AreaLevel[] = Object.freeze([]);
const areaIndexes = new WeakMap<readonly RiskAreaFacts[], AreaIndex>();
let lastAreas: readonly RiskAreaFacts[] | undefined;
let lastAreaIndex: AreaIndex | undefined;

/** A six-digit code as a number (cheap Map keys, no string hashing), or -1. */
function regionNumber(code: string): number {
  if (code.length !== 6) return -1;
  let n = 0;
  for (let i = 0; i < 6; i++) {
    const c = code.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** The index of a risk-area list, memoised by identity (the list is treated as immutable). */
export function areaIndex(areas: readonly RiskAreaFacts[]): AreaIndex {
  if (areas === lastAreas) return lastAreaIndex!;
  let index = areaIndexes.get(areas);
  if (!index) {
    index = { byCode: new Map(), covering: new BoundedMemo(10_000) };
    for (const area of areas) {
      const key = regionNumber(area.region);
      if (area.level === 'low' || key < 0) continue;
      const entry: AreaLevel = {
        region: area.region,
        high: area.level === 'high',
        since: dayNumber(area.since),
        until: area.until === undefined ? Number.POSITIVE_INFINITY : dayNumber(area.until),
      };
      const list = index.byCode.get(key);
      if (list) list.push(entry);
      else index.byCode.set(key, [entry]);
    }
    areaIndexes.set(areas, index);
  }
  lastAreas = areas;
  lastAreaIndex = index;
  return index;
}

/** Every level covering `region`: those filed under its county, city and province codes. */
export function coveringLevels(index: AreaIndex, region: string): readonly AreaLevel[] {
  const known = index.covering.get(region);
  if (known !== undefined) return known;
  const found: AreaLevel[] = [];
  const county = regionNumber(region);
  if (county >= 0) {
    const city = county - (county % 100);
    const province = county - (county % 10_000);
    collectCovering(index.byCode.get(county), region, found);
    if (city !== county) collectCovering(index.byCode.get(city), region, found);
    if (province !== city) collectCovering(index.byCode.get(province), region, found);
  }
  return index.covering.set(region, found.length === 0 ? NO_LEVELS : found);
}

function collectCovering(levels: AreaLevel[] | undefined, region: string, into: AreaLevel[]): void {
  if (levels === undefined) return;
  for (const level of levels) if (regionCovers(level.region, region)) into.push(level);
}

/**
 * Day T of a stay from `from` to `to` for one level (high or medium): the latest day on which the
 * person was in a covering area while it was at that level, or NONE.
 */
export function stayDay(levels: readonly AreaLevel[], high: boolean, from: number, to: number): number {
  let day = NONE;
  for (const level of levels) {
    if (level.high !== high || !(level.since <= to && level.until >= from)) continue;
    const last = to < level.until ? to : level.until;
    if (last > day) day = last;
  }
  return day;
}
