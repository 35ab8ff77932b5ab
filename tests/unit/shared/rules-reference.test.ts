/**
 * The fast engine (shared/rules/engine.ts) and the reference evaluator (shared/rules/reference.ts), written
 * for reading, give the same whole result on generated residents: colour, reasons with their texts,
 * clearance and nextReviewAt. The generators add what tests/support/facts-arbitrary.ts leaves out:
 * earlier declarations with withdrawn triggers, authority records at the same instant, and rulesets
 * other than v1 (other thresholds, no `declaredBy` text).
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { evaluate, type AuthorityRecordFacts, type DeclarationFacts, type Facts } from '../../../shared/rules/engine';
import { referenceEvaluate } from '../../../shared/rules/reference';
import { parseRuleset, rulesetV1, type Ruleset } from '../../../shared/rules/schema';
import { DECLARED_TRIGGERS } from '../../../shared/api/corrections';
import { addDays } from '../../../shared/time';
import { facts as baseFacts, now } from '../../support/facts-arbitrary';

const BASE = '2020-03-01';
const day = fc.integer({ min: -25, max: 25 }).map((n) => addDays(BASE, n));
const region = fc.constantFrom('331102', '331181', '331100', '420106', '420102', '420500', '110105');
const symptoms = fc.oneof(fc.constant([] as string[]), fc.constant(['咳嗽']));

const declaration: fc.Arbitrary<DeclarationFacts> = fc.record(
  {
    day,
    region,
    travel: fc.array(fc.tuple(region, day, fc.integer({ min: 0, max: 6 })).map(([r, from, n]) => ({ region: r, from, to: addDays(from, n) })), { maxLength: 3 }),
    symptoms,
    temperature: fc.integer({ min: 360, max: 390 }).map((t) => t / 10),
    contactWithCase: fc.boolean(),
    withdrawn: fc.subarray([...DECLARED_TRIGGERS]),
  },
  { requiredKeys: ['day', 'region', 'travel', 'symptoms', 'contactWithCase'] },
);

/** Facts with earlier declarations (oldest first, the latest last) and records sharing an instant. */
const facts: fc.Arbitrary<Facts> = fc
  .tuple(baseFacts, fc.array(declaration, { maxLength: 3 }), fc.option(declaration, { nil: undefined }), fc.array(fc.nat(), { maxLength: 2 }))
  .map(([f, earlier, latest, twins]) => {
    const all = [...earlier, ...(f.declaration ? [f.declaration] : []), ...(latest ? [latest] : [])].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    // A release or a case at the very instant of another record: which one is "later"?
    const authority: AuthorityRecordFacts[] = [...f.authority];
    for (const n of twins) {
      if (authority.length === 0) break;
      const twin = authority[n % authority.length]!;
      authority.push(n % 2 === 0 ? { type: 'released', at: twin.at } : { type: 'confirmed', at: twin.at });
    }
    const out: Facts = { checkins: f.checkins, authority, riskAreas: f.riskAreas };
    if (all.length === 0) return out;
    return { ...out, declaration: all[all.length - 1]!, ...(all.length > 1 ? { earlierDeclarations: all.slice(0, -1) } : {}) };
  });

const observation = fc.record({ days: fc.integer({ min: 0, max: 16 }), checkins: fc.integer({ min: 0, max: 16 }) });
/** Ruleset v1 with other thresholds, and sometimes without the `declaredBy` text (the engine's default). */
const ruleset: fc.Arbitrary<Ruleset> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(rulesetV1) },
  fc.tuple(observation, observation, fc.integer({ min: 0, max: 20 }), fc.boolean()).map(([red, yellow, lookback, declaredBy]) => {
    const { declaredBy: _, ...texts } = rulesetV1.texts;
    const parsed = parseRuleset({
      ...rulesetV1,
      version: '1.1.0-test',
      thresholds: { ...rulesetV1.thresholds, red, yellow, stayLookbackDays: lookback },
      texts: declaredBy ? rulesetV1.texts : texts,
    });
    if (!parsed.success) throw new Error(parsed.error.message);
    return parsed.data;
  }),
);

describe('the fast engine and the reference evaluator agree', () => {
  it('on 10,000 generated residents, whole results', () => {
    fc.assert(
      fc.property(facts, ruleset, now, (f, rules, at) => {
        const fast = evaluate(f, rules, at);
        const reference = referenceEvaluate(f, rules, at);
        // toEqual only on a difference: it costs more than both evaluations.
        if (!isDeepStrictEqual(fast, reference)) expect(fast).toEqual(reference);
      }),
      { numRuns: 10_000 },
    );
  });
});
