/**
 * Read-only views of the console beyond feeds: the risk areas in force (one item, never a scan),
 * the ruleset versions (one partition, documents left out) and a checkpoint's hourly scan counts
 * (the stream-built counters, ../inspector/checkpoint-stats).
 */
import type { ConsoleRiskAreas, ConsoleRulesets } from '../../../shared/api/console';
import type { RiskAreaFacts } from '../../../shared/rules/engine';
import { regionLabel } from '../../../shared/regions';
import { rulesetV1 } from '../../../shared/rules/schema';

export interface RiskAreaPorts {
  /** The current list (keys row 13, CURRENT), or undefined before the first publication. */
  currentRiskAreas(): Promise<{ version: string; publishedAt?: string; principal?: string; areas: RiskAreaFacts[] } | undefined>;
}

const LEVEL_ORDER = { high: 0, medium: 1, low: 2 } as const;

/** Areas still in force first (high, medium, low), then lowered ones; each with its name. */
export async function riskAreasView(ports: RiskAreaPorts): Promise<ConsoleRiskAreas> {
  const current = await ports.currentRiskAreas();
  if (!current) return { areas: [] };
  const areas = [...current.areas]
    .sort((a, b) => Number(Boolean(a.until)) - Number(Boolean(b.until)) || LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.region.localeCompare(b.region))
    .map((a) => ({ region: a.region, name: regionLabel(a.region), level: a.level, since: a.since, ...(a.until ? { until: a.until } : {}) }));
  return {
    version: current.version,
    ...(current.publishedAt ? { publishedAt: current.publishedAt } : {}),
    ...(current.principal ? { principal: current.principal.slice(0, 256) } : {}),
    areas,
  };
}

export interface RulesetPorts {
  /** Stored versions (keys row 14), without documents; and the version ACTIVE points at, if any. */
  rulesetVersions(): Promise<{ active?: string; versions: ConsoleRulesets['rulesets'] }>;
}

/** Newest effective date first, at most 100. */
export async function rulesetsView(ports: RulesetPorts): Promise<ConsoleRulesets> {
  const { active, versions } = await ports.rulesetVersions();
  const rulesets = [...versions].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.version.localeCompare(a.version)).slice(0, 100);
  // Nothing activated yet: the engine evaluates with the built-in ruleset (holder-state's loadActiveRuleset).
  return { active: active ?? rulesetV1.version, builtIn: !active, rulesets };
}
