/**
 * Test vectors of a ruleset: facts, a time, and the result expected. The format is the one of
 * ./v1.vectors.json (check-ins in its short notation), so a new ruleset version carries its own
 * vectors and the console runs them in the browser with this engine before anything is proposed;
 * the server runs them again. Pure.
 */
import * as z from 'zod';
import { evaluate, type CheckinFacts, type Facts } from './engine';
import { COLORS, type Ruleset } from './schema';
import { factsSchema } from './facts';
import { addDays, daysBetween } from '../time';

/** Most vectors one ruleset may carry (v1 has 84). */
export const MAX_VECTORS = 500;

export const rulesetVector = z.object({
  name: z.string({ error: '每条用例需要名称' }).min(1, '每条用例需要名称').max(300, '用例名称过长'),
  now: z.iso.datetime({ offset: true, error: '用例时间应为带时区的ISO时间' }),
  facts: z.record(z.string(), z.unknown(), { error: '用例需要facts' }),
  expected: z.object({
    color: z.enum(COLORS, { error: '预期颜色应为green、yellow或red' }),
    /** Trigger codes in order. */
    reasons: z.array(z.string().max(64)).max(20).optional(),
    /** null: no clearance. */
    clearance: z.record(z.string(), z.unknown()).nullable().optional(),
    nextReviewAt: z.string().max(40).nullable().optional(),
    declaredOn: z.record(z.string(), z.string().max(10)).optional(),
  }),
});
export type RulesetVector = z.infer<typeof rulesetVector>;

export const rulesetVectors = z.object({
  /** The version the vectors were written for (informative). */
  ruleset: z.string().max(64).optional(),
  about: z.string().max(5000).optional(),
  vectors: z.array(rulesetVector, { error: '请提供测试用例列表（vectors）' }).min(1, '至少需要一条测试用例').max(MAX_VECTORS, `测试用例最多${MAX_VECTORS}条`),
});
export type RulesetVectors = z.infer<typeof rulesetVectors>;

/** Expands the check-in notation: 'D', 'A..B', 'D 37.8', 'D 36.6 咳嗽,乏力'. */
export function expandCheckins(lines: readonly string[]): CheckinFacts[] {
  return lines.flatMap((line) => {
    const [days = '', temperature, symptoms] = line.split(' ');
    const [from = '', to = from] = days.split('..');
    const count = daysBetween(from, to) + 1;
    if (!(count >= 1)) throw new Error(`打卡记录“${line}”的日期范围不正确`);
    return Array.from({ length: count }, (_, i) => ({
      day: addDays(from, i),
      temperature: temperature === undefined ? 36.5 : Number(temperature),
      symptoms: symptoms === undefined ? [] : symptoms.split(','),
    }));
  });
}

/** The engine's facts of a vector, validated by the facts schema; a string says what is wrong. */
export function vectorFacts(vector: RulesetVector): Facts | string {
  const { checkins = [], authority = [], riskAreas = [], declaration, earlierDeclarations } = vector.facts as Record<string, unknown>;
  let expanded: CheckinFacts[];
  try {
    if (!Array.isArray(checkins) || !checkins.every((c) => typeof c === 'string')) return 'facts.checkins 应为文本列表';
    expanded = expandCheckins(checkins);
  } catch (err) {
    return (err as Error).message;
  }
  const facts = { ...(declaration ? { declaration } : {}), ...(earlierDeclarations ? { earlierDeclarations } : {}), checkins: expanded, authority, riskAreas };
  const parsed = factsSchema.safeParse(facts);
  if (!parsed.success) return `facts 不符合要求（${parsed.error.issues[0]?.path.join('.') ?? ''}）`;
  return parsed.data;
}

export interface VectorOutcome {
  name: string;
  pass: boolean;
  expected: string;
  actual: string;
  /** Why it failed, in Chinese. */
  problem?: string;
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

/** Runs every vector with `ruleset`: the colour, and each other expected part that is given, must match. */
export function runVectors(ruleset: Ruleset, vectors: readonly RulesetVector[]): VectorOutcome[] {
  return vectors.map((vector) => {
    const facts = vectorFacts(vector);
    if (typeof facts === 'string') return { name: vector.name, pass: false, expected: vector.expected.color, actual: '—', problem: facts };
    const result = evaluate(facts, ruleset, new Date(vector.now));
    const { expected } = vector;
    const wrong: string[] = [];
    if (result.color !== expected.color) wrong.push('颜色');
    if (expected.reasons && canonical(result.reasons.map((r) => r.code)) !== canonical(expected.reasons)) wrong.push('原因');
    if (expected.clearance !== undefined && canonical(result.clearance ?? null) !== canonical(expected.clearance)) wrong.push('转绿条件');
    if (expected.nextReviewAt !== undefined && (result.nextReviewAt ?? null) !== expected.nextReviewAt) wrong.push('下次复核时间');
    if (expected.declaredOn) {
      const declaredOn = Object.fromEntries(result.reasons.filter((r) => r.declaredOn !== undefined).map((r) => [r.code, r.declaredOn]));
      if (canonical(declaredOn) !== canonical(expected.declaredOn)) wrong.push('申报依据日期');
    }
    return { name: vector.name, pass: wrong.length === 0, expected: expected.color, actual: result.color, ...(wrong.length ? { problem: `${wrong.join('、')}与预期不符` } : {}) };
  });
}
