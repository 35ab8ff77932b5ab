import fc from 'fast-check';
import { colorRank, evaluate, worse, type AuthorityRecordFacts, type Facts } from '../../../shared/rules/engine';
import { parseRuleset, rulesetV1 } from '../../../shared/rules/schema';
import { factsSchema } from '../../../shared/rules/facts';
import rulesetDocument from '../../../shared/rules/v1.json' with { type: 'json' };
import { addDays, shanghaiDay } from '../../../shared/time';

const BASE = '2020-03-01';
const day = fc.integer({ min: -20, max: 20 }).map((n) => addDays(BASE, n));
const region = fc.constantFrom('331102', '331181', '420106', '420102', '421002', '110105', '330106');
const areaRegion = fc.constantFrom('331100', '331102', '420000', '420100', '420106', '110000', '330000');
const temperature = fc.integer({ min: 350, max: 420 }).map((t) => t / 10);
const symptoms = fc.oneof(fc.constant([] as string[]), fc.constant(['咳嗽']));

const authority: fc.Arbitrary<AuthorityRecordFacts> = fc.record(
  {
    type: fc.constantFrom('confirmed', 'suspected', 'asymptomatic', 'close-contact', 'released', 'test-result', 'false-declaration'),
    at: fc.integer({ min: -20 * 24, max: 20 * 24 }).map((h) => new Date(Date.parse(`${BASE}T00:00:00+08:00`) + h * 3_600_000).toISOString()),
    day,
    result: fc.constantFrom('positive', 'negative'),
  },
  { requiredKeys: ['type', 'at'] },
);

const facts: fc.Arbitrary<Facts> = fc.record({
  declaration: fc.option(
    fc.record({
      day,
      region,
      travel: fc.array(fc.tuple(region, day, fc.integer({ min: 0, max: 5 })).map(([r, from, n]) => ({ region: r, from, to: addDays(from, n) })), { maxLength: 3 }),
      symptoms,
      temperature,
      contactWithCase: fc.boolean(),
    }),
    { nil: undefined },
  ),
  checkins: fc.uniqueArray(fc.record({ day, temperature, symptoms }), { selector: (c) => c.day, maxLength: 30 }),
  authority: fc.array(authority, { maxLength: 4 }),
  riskAreas: fc.array(fc.record({ region: areaRegion, level: fc.constantFrom('high', 'medium', 'low'), since: day }), { maxLength: 4 }),
}).map(({ declaration, ...rest }) => (declaration ? { declaration, ...rest } : rest));

const now = fc.integer({ min: -10 * 24, max: 40 * 24 }).map((h) => new Date(Date.parse(`${BASE}T00:00:00+08:00`) + h * 3_600_000 + 1234));

/** One more trigger, of any kind, added to existing facts. */
const addTrigger = fc.oneof(
  // A release or a negative result is not a trigger: it may rightly make a colour greener.
  authority
    .filter((record) => record.type !== 'released' && !(record.type === 'test-result' && record.result !== 'positive'))
    .map((record) => (f: Facts): Facts => ({ ...f, authority: [...f.authority, record] })),
  fc.tuple(day, temperature, symptoms).map(([d, t, s]) => (f: Facts): Facts => {
    // An abnormal check-in on a day without one (at most one check-in a day).
    if (f.checkins.some((c) => c.day === d)) return f;
    return { ...f, checkins: [...f.checkins, { day: d, temperature: Math.max(t, 37.3), symptoms: s }] };
  }),
  fc.tuple(areaRegion, fc.constantFrom('high' as const, 'medium' as const), day).map(([r, level, since]) => (f: Facts): Facts => ({
    ...f,
    riskAreas: [...f.riskAreas, { region: r, level, since }],
  })),
);

describe('rules engine properties', () => {
  it('ruleset v1 validates against the schema', () => {
    expect(parseRuleset(rulesetDocument).error).toBeUndefined();
    expect(rulesetV1.version).toBe('1.0.0');
  });

  it('rejects rulesets that break the schema', () => {
    const broken = [
      { ...rulesetDocument, version: '1.0' },
      { ...rulesetDocument, effectiveFrom: '2020-02-17' },
      { ...rulesetDocument, thresholds: { ...rulesetDocument.thresholds, feverTemperature: 42.5 } },
      { ...rulesetDocument, triggers: { ...rulesetDocument.triggers, 'close-contact': { ...rulesetDocument.triggers['close-contact'], clears: 'on-release' } } },
      { ...rulesetDocument, triggers: { ...rulesetDocument.triggers, 'close-contact': { ...rulesetDocument.triggers['close-contact'], color: 'green' } } },
      { ...rulesetDocument, texts: { ...rulesetDocument.texts, checkinsRemaining: '还需连续打卡几天' } },
      { ...rulesetDocument, extra: true },
    ];
    for (const document of broken) expect(parseRuleset(document).success).toBe(false);
  });

  it('worse and colorRank order red over yellow over green', () => {
    expect(['green', 'yellow', 'red'].map((c) => colorRank(c as 'green'))).toEqual([0, 1, 2]);
    expect(worse('green', 'yellow')).toBe('yellow');
    expect(worse('red', 'yellow')).toBe('red');
    expect(worse('green', 'green')).toBe('green');
  });

  it('never throws on generated valid facts, and answers consistently', () => {
    fc.assert(
      fc.property(facts, now, (f, at) => {
        expect(factsSchema.safeParse(f).success).toBe(true);
        const result = evaluate(f, rulesetV1, at);
        const worst = result.reasons.reduce((c, r) => worse(c, rulesetV1.triggers[r.code].color), 'green' as 'green' | 'yellow' | 'red');
        expect(result.color).toBe(worst);
        if (result.nextReviewAt !== undefined) expect(Date.parse(result.nextReviewAt)).toBeGreaterThan(at.getTime());
        if (result.clearance) expect(Date.parse(result.clearance.earliestAt)).toBeGreaterThan(at.getTime());
        // Deterministic: the same facts at the same time give the same result.
        expect(evaluate(f, rulesetV1, new Date(at.getTime()))).toEqual(result);
      }),
      { numRuns: 500 },
    );
  });

  it('no later declaration lowers the colour while a declared trigger\'s window runs', () => {
    // Any declaration at all made now (a clean one included), after the facts' latest declaration.
    const later = fc.record({
      region,
      travel: fc.array(fc.tuple(region, day, fc.integer({ min: 0, max: 5 })).map(([r, from, n]) => ({ region: r, from, to: addDays(from, n) })), { maxLength: 2 }),
      symptoms,
      temperature,
      contactWithCase: fc.boolean(),
    });
    fc.assert(
      fc.property(facts, later, now, (f, next, at) => {
        const today = shanghaiDay(at);
        if (f.declaration === undefined || f.declaration.day > today) return;
        const before = evaluate(f, rulesetV1, at);
        const after = evaluate({ ...f, earlierDeclarations: [...(f.earlierDeclarations ?? []), f.declaration], declaration: { ...next, day: today } }, rulesetV1, at);
        expect(colorRank(after.color)).toBeGreaterThanOrEqual(colorRank(before.color));
        // Every declared trigger that was active is still active, named by the same declaration.
        for (const reason of before.reasons) {
          if (reason.declaredOn === undefined) continue;
          expect(after.reasons.map((r) => r.code)).toContain(reason.code);
        }
        // Later still, with no new facts, the clean re-declaration never turns it green early.
        const clean = evaluate({ ...f, earlierDeclarations: [f.declaration], declaration: { day: today, region: '331102', travel: [], symptoms: [], contactWithCase: false } }, rulesetV1, at);
        expect(colorRank(clean.color)).toBeGreaterThanOrEqual(colorRank(before.color));
      }),
      { numRuns: 2000 },
    );
  });

  it('adding a trigger never makes the colour greener', () => {
    fc.assert(
      fc.property(facts, addTrigger, now, (f, add, at) => {
        const before = evaluate(f, rulesetV1, at);
        const after = evaluate(add(f), rulesetV1, at);
        expect(colorRank(after.color)).toBeGreaterThanOrEqual(colorRank(before.color));
      }),
      { numRuns: 1000 },
    );
  });

  it('a colour never changes before nextReviewAt without new facts', () => {
    fc.assert(
      fc.property(facts, now, fc.integer({ min: 1, max: 1000 }), (generated, at, permille) => {
        // Facts dated after now are new facts when their time comes; leave them out here.
        const today = addDays(BASE, Math.floor((at.getTime() - Date.parse(`${BASE}T00:00:00+08:00`)) / 86_400_000));
        const f: Facts = {
          ...generated,
          checkins: generated.checkins.filter((c) => c.day <= today),
          authority: generated.authority.filter((a) => Date.parse(a.at) <= at.getTime()),
          riskAreas: generated.riskAreas.filter((a) => a.since <= today),
        };
        const result = evaluate(f, rulesetV1, at);
        const until = result.nextReviewAt === undefined ? at.getTime() + 30 * 86_400_000 : Date.parse(result.nextReviewAt);
        const probe = new Date(at.getTime() + Math.floor(((until - at.getTime() - 1) * permille) / 1000));
        expect(evaluate(f, rulesetV1, probe).color).toBe(result.color);
      }),
      { numRuns: 1000 },
    );
  });
});
