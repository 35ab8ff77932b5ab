/**
 * Risk areas (PUT /v1/authority/risk-areas): a versioned list that replaces the previous one.
 */
import { createHash } from 'node:crypto';
import type { RiskAreaFacts } from '../../../shared/rules/engine';
import type { RiskAreasRequest, RiskAreasResponse } from '../../../shared/api/authority';
import { regionCovers, regionLevel, zhejiangRegions, ZHEJIANG_PROVINCE } from '../../../shared/regions';
import { addDays, shanghaiDay } from '../../../shared/time';
import { canonicalJson, loadActiveRuleset } from '../holder-state';
import { ConflictError } from '../errors';
import { enqueueReevaluation, mapLimit, type AuthorityPorts } from './work';
import { stayIndexRegion, type RiskAreasVersion } from './ports';

/**
 * The list the engine reads next (CURRENT's `areas`): the submitted areas, plus every area that held
 * a level before this version and no longer does, closed with `until` = yesterday. People who stayed
 * there while it was high still count as exposed (rules.md: "the area was at that level while the
 * person was there"); a closed area is dropped once no stay can reach it (`until` older than the
 * look-back). Pure.
 * @example nextAreaFacts([{ region: '331102', level: 'medium', since: '2024-03-01' }],
 *   [{ region: '331102', level: 'high', since: '2024-03-05' }], '2024-03-05', 14)
 *   // → the high area, and the medium one with until '2024-03-04'
 */
export function nextAreaFacts(previous: readonly RiskAreaFacts[], submitted: readonly RiskAreaFacts[], today: string, lookbackDays: number): RiskAreaFacts[] {
  const yesterday = addDays(today, -1);
  const oldest = addDays(today, -lookbackDays);
  const current = new Map(submitted.map((a) => [a.region, a]));
  const next: RiskAreaFacts[] = submitted.map(({ region, level, since }) => ({ region, level, since }));
  for (const area of previous) {
    if (area.until !== undefined) {
      if (area.until >= oldest) next.push(area);
      continue;
    }
    const latest = current.get(area.region);
    if (latest && latest.level === area.level && latest.since === area.since) continue;
    // Raised, lowered or removed: the old level held from its `since` until yesterday.
    if (area.since <= yesterday) next.push({ region: area.region, level: area.level, since: area.since, until: yesterday });
  }
  return next;
}

/**
 * The regions whose level changed between two lists, with the earliest day a stay there can matter
 * (the `since` of the old or new level): only stays that ended on or after it can be affected. Pure.
 */
export function changedRegions(previous: readonly RiskAreaFacts[], next: readonly RiskAreaFacts[]): Map<string, string> {
  const open = (list: readonly RiskAreaFacts[]) => new Map(list.filter((a) => a.until === undefined).map((a) => [a.region, a]));
  const before = open(previous);
  const after = open(next);
  const changed = new Map<string, string>();
  const note = (region: string, since: string) => {
    const known = changed.get(region);
    if (known === undefined || since < known) changed.set(region, since);
  };
  for (const [region, area] of after) {
    const old = before.get(region);
    if (!old || old.level !== area.level || old.since !== area.since) {
      note(region, area.since);
      if (old) note(region, old.since);
    }
  }
  for (const [region, old] of before) if (!after.has(region)) note(region, old.since);
  return changed;
}

/**
 * The RegionStay partition keys to query for an area (rules.md: `xx0000` its province, `xxxx00` its
 * city, other codes one county). Stays are indexed as `stayIndexRegion` (./ports) says: Zhejiang's
 * exactly, from the bundled GB/T 2260 list; outside Zhejiang county stays under their city. So a
 * province area outside Zhejiang queries its own code and its 99 possible city codes, and a city or
 * county area there its city code (holdersWithStays keeps only the stays the area covers).
 */
export function coveredStayCodes(area: string): string[] {
  const level = regionLevel(area);
  if (level === undefined) return [];
  if (area.startsWith(ZHEJIANG_PROVINCE.slice(0, 2))) {
    if (level === 'county') return [area];
    const cities = zhejiangRegions().filter((city) => level === 'province' || city.code === area);
    const codes = cities.flatMap((city) => [city.code, ...city.counties.map((c) => c.code)]);
    return level === 'province' ? [area, ...codes] : codes.length > 0 ? codes : [area];
  }
  if (level === 'province') return [area, ...Array.from({ length: 99 }, (_, i) => `${area.slice(0, 2)}${String(i + 1).padStart(2, '0')}00`)];
  return [stayIndexRegion(area)];
}

/**
 * Holders with a stay in any of the regions (with the earliest relevant stay day per region), found
 * through the RegionStay index (StayRegion = code, StayDay >= that day): never a scan. A partition may
 * hold stays the area does not cover (a city's partition outside Zhejiang holds all its counties), so
 * each stay's own code is checked against the areas that asked for that partition. The current region
 * of a declaration is an open stay (StayDay 9999-12-31), so it is always found.
 */
export async function holdersWithStays(ports: Pick<AuthorityPorts, 'store'>, regions: ReadonlyMap<string, string>): Promise<string[]> {
  const queries = new Map<string, { since: string; areas: string[] }>();
  for (const [area, since] of regions) {
    for (const code of coveredStayCodes(area)) {
      const known = queries.get(code);
      if (known === undefined) queries.set(code, { since, areas: [area] });
      else {
        if (since < known.since) known.since = since;
        if (!known.areas.includes(area)) known.areas.push(area);
      }
    }
  }
  const holders = new Set<string>();
  await mapLimit([...queries], 16, async ([code, { since, areas }]) => {
    for (const stay of await ports.store.staysIndexedUnder(code, since)) {
      if (areas.some((area) => regionCovers(area, stay.region))) holders.add(stay.holderId);
    }
  });
  return [...holders];
}

/**
 * Publishes a new version of the risk-area list.
 *
 * 1. A version already published: the same list gives the stored answer again; another list under the
 *    same version is a 409 (a version names one list for ever, so the audit trail can point to it).
 * 2. Builds the engine's list (nextAreaFacts) from the current one and the submitted one.
 * 3. Writes the version item and moves CURRENT in one transaction, conditional on CURRENT still being
 *    the version read in step 2 (two concurrent publications cannot lose each other's closed areas).
 * 4. Finds the holders with stays in every changed region through the RegionStay index.
 * 5. Re-evaluates them over the work queue with the cause `{ kind: 'risk-area', ref: version }`.
 * 6. Answers `{ version, affected }` and keeps the answer on the version item. A retry of a version
 *    whose fan-out did not finish (no `affected` yet) finishes it: the search and re-evaluation are
 *    idempotent.
 */
export async function publishRiskAreas(ports: AuthorityPorts, request: RiskAreasRequest, principal: string, now: Date): Promise<RiskAreasResponse> {
  const contentHash = createHash('sha256').update(canonicalJson(request.areas)).digest('hex');
  const existing = await ports.store.riskAreasVersion(request.version);
  if (existing) {
    if (existing.contentHash !== contentHash) throw new ConflictError('该版本号的风险地区名单已发布且内容不同，请使用新的版本号');
    if (typeof existing.affected === 'number') return { version: request.version, affected: existing.affected };
    // Published, but the fan-out did not finish (a crash or timeout): the retry finishes it.
    return reevaluateChanged(ports, request.version, new Map(Object.entries(existing.changed ?? {})), now);
  }

  const [current, ruleset] = await Promise.all([ports.store.currentRiskAreas(), loadActiveRuleset(ports.store)]);
  const previous = current.areas;
  const previousVersion = current.version;
  const today = shanghaiDay(now);
  const areas = nextAreaFacts(previous, request.areas, today, ruleset.thresholds.stayLookbackDays);
  const at = now.toISOString();
  const changed = changedRegions(previous, areas);

  const published: RiskAreasVersion = { version: request.version, submitted: request.areas, areas, changed: Object.fromEntries(changed), contentHash, principal, publishedAt: at, previousVersion };
  if (!(await ports.store.publishRiskAreas(published))) throw new ConflictError('风险地区名单刚被另一请求更新，请确认后重新提交');

  return reevaluateChanged(ports, request.version, changed, now);
}

/** Steps 4–6 of publishRiskAreas; `affected` is written last, so its absence means "not finished". */
async function reevaluateChanged(ports: AuthorityPorts, version: string, changed: ReadonlyMap<string, string>, now: Date): Promise<RiskAreasResponse> {
  const holders = await holdersWithStays(ports, changed);
  await enqueueReevaluation(ports, holders, { kind: 'risk-area', ref: version }, now);
  await ports.store.setRiskAreasAffected(version, holders.length);
  return { version, affected: holders.length };
}
