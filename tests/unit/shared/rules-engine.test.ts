import vectorsDocument from '../../../shared/rules/v1.vectors.json' with { type: 'json' };
import { evaluate, dayNumber, type CheckinFacts, type Facts } from '../../../shared/rules/engine';
import { rulesetV1 } from '../../../shared/rules/schema';
import { factsSchema } from '../../../shared/rules/facts';
import { addDays, daysBetween } from '../../../shared/time';

interface Vector {
  name: string;
  now: string;
  facts: Omit<Partial<Facts>, 'checkins'> & { checkins?: string[] };
  expected: {
    color: string;
    reasons: string[];
    clearance: Record<string, unknown> | null;
    nextReviewAt: string | null;
    /** Declared trigger → day of the declaration that started it. */
    declaredOn?: Record<string, string>;
  };
}

const vectors = (vectorsDocument as { vectors: Vector[] }).vectors;

/** Expands the vectors' check-in notation: 'D', 'A..B', 'D 37.8', 'D 36.6咳嗽,乏力'. */
function expandCheckins(lines: string[]): CheckinFacts[] {
  return lines.flatMap((line) => {
    const [days, temperature, symptoms] = line.split(' ');
    const [from, to = from] = days!.split('..');
    const count = daysBetween(from!, to!) + 1;
    if (count < 1) throw new Error(`bad range in vector: ${line}`);
    return Array.from({ length: count }, (_, i) => ({
      day: addDays(from!, i),
      temperature: temperature === undefined ? 36.5 : Number(temperature),
      symptoms: symptoms === undefined ? [] : symptoms.split(','),
    }));
  });
}

function factsOf(vector: Vector): Facts {
  const { checkins = [], authority = [], riskAreas = [], declaration, earlierDeclarations } = vector.facts;
  return { ...(declaration ? { declaration } : {}), ...(earlierDeclarations ? { earlierDeclarations } : {}), checkins: expandCheckins(checkins), authority, riskAreas };
}

describe('ruleset v1 test vectors', () => {
  it('has at least 60 vectors with unique names', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(60);
    expect(new Set(vectors.map((v) => v.name)).size).toBe(vectors.length);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const facts = factsOf(vector);
    expect(factsSchema.safeParse(facts).error).toBeUndefined();
    const result = evaluate(facts, rulesetV1, new Date(vector.now));
    const declaredOn = Object.fromEntries(result.reasons.filter((r) => r.declaredOn !== undefined).map((r) => [r.code, r.declaredOn]));
    expect({
      color: result.color,
      reasons: result.reasons.map((r) => r.code),
      clearance: result.clearance ?? null,
      nextReviewAt: result.nextReviewAt ?? null,
      ...(vector.expected.declaredOn ? { declaredOn } : {}),
    }).toEqual(vector.expected);
    for (const reason of result.reasons) {
      // A declared trigger names its declaration after the ruleset's reason text.
      if (reason.declaredOn === undefined) expect(reason.message).toBe(rulesetV1.triggers[reason.code].reason);
      else expect(reason.message).toMatch(new RegExp(`^${rulesetV1.triggers[reason.code].reason}（依据您\\d+月\\d+日的健康申报）$`));
    }
    expect(result.rulesetVersion).toBe('1.0.0');
    if (result.nextReviewAt !== undefined) expect(Date.parse(result.nextReviewAt)).toBeGreaterThan(Date.parse(vector.now));
  });

  it('turns the colour exactly at nextReviewAt when only time is missing', () => {
    const vector = vectors.find((v) => v.name.startsWith('the 14th day: still red'))!;
    const facts = factsOf(vector);
    const before = evaluate(facts, rulesetV1, new Date(vector.now));
    expect(before.color).toBe('red');
    expect(evaluate(facts, rulesetV1, new Date(before.nextReviewAt!)).color).toBe('green');
    expect(evaluate(facts, rulesetV1, new Date(Date.parse(before.nextReviewAt!) - 1)).color).toBe('red');
  });
});

describe('dayNumber (the engine’s fast day parser)', () => {
  it('agrees with shared/time on every day from 1999 to 2101', () => {
    let day = '1999-01-01';
    for (let n = dayNumber(day); day !== '2101-01-01'; n++, day = addDays(day, 1)) {
      expect(dayNumber(day)).toBe(n);
    }
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(daysBetween('1970-01-01', '2020-03-10')).toBe(dayNumber('2020-03-10'));
  });

  it('gives NaN for malformed days', () => {
    for (const bad of ['2020-3-10', '2020/03/10', '2020-13-01', '2020-00-10', '2020-03-32', 'abcd-ef-gh', '']) {
      expect(dayNumber(bad)).toBeNaN();
    }
  });
});
