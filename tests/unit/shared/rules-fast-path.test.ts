/**
 * The engine's precomputation (per ruleset, per risk-area list, per region code) must never change an
 * answer: on random facts, an evaluation through warm memos equals one on fresh copies of the same
 * facts, list and ruleset. The 76 vectors (shared/rules/v1.vectors.json) pin the answers themselves. The generators
 * go wider than rules-properties: check-ins out of order and several on one day, authority times in
 * every offset form, stays in and around risk areas, areas that were lowered.
 */
import fc from 'fast-check';
import { evaluate, instantMs, type AuthorityRecordFacts, type Facts } from '../../../shared/rules/engine';
import { rulesetV1 } from '../../../shared/rules/schema';
import { addDays } from '../../../shared/time';

const BASE = '2020-03-01';
const BASE_MS = Date.parse(`${BASE}T00:00:00+08:00`);
const day = fc.integer({ min: -25, max: 25 }).map((n) => addDays(BASE, n));
const region = fc.constantFrom('331102', '331181', '331100', '330000', '420106', '420102', '421002', '420500', '110105', '330106');
const areaRegion = fc.constantFrom('331100', '331102', '420000', '420100', '420106', '110000', '330000', '110105');
const temperature = fc.integer({ min: 350, max: 420 }).map((t) => t / 10);
const symptoms = fc.oneof(fc.constant([] as string[]), fc.constant(['咳嗽']), fc.constant(['乏力', '发热']));

/** The same instant written the ways a feed may write it. */
const instant = fc
  .tuple(fc.integer({ min: -25 * 24 * 60, max: 25 * 24 * 60 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom('Z', '+08:00', '-05:30', '+00:00'), fc.boolean())
  .map(([minutes, ms, zone, withMs]) => {
    const at = BASE_MS + minutes * 60_000 + (withMs ? ms : 0);
    const offsetMinutes = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    const local = new Date(at + offsetMinutes * 60_000).toISOString().slice(0, withMs ? 23 : 19);
    return `${local}${zone}`;
  });

const authority: fc.Arbitrary<AuthorityRecordFacts> = fc.record(
  {
    type: fc.constantFrom('confirmed', 'suspected', 'asymptomatic', 'close-contact', 'released', 'test-result', 'false-declaration'),
    at: instant,
    day,
    result: fc.constantFrom('positive', 'negative'),
  },
  { requiredKeys: ['type', 'at'] },
);

const facts: fc.Arbitrary<Facts> = fc
  .record({
    declaration: fc.option(
      fc.record(
        {
          day,
          region,
          travel: fc.array(fc.tuple(region, day, fc.integer({ min: 0, max: 6 })).map(([r, from, n]) => ({ region: r, from, to: addDays(from, n) })), { maxLength: 4 }),
          symptoms,
          temperature,
          contactWithCase: fc.boolean(),
        },
        { requiredKeys: ['day', 'region', 'travel', 'symptoms', 'contactWithCase'] },
      ),
      { nil: undefined },
    ),
    // Not unique by day and not sorted: the engine must cope with both (the schema allows them).
    checkins: fc.oneof(
      fc.array(fc.record({ day, temperature, symptoms }), { maxLength: 30 }),
      fc.integer({ min: 0, max: 25 }).chain((n) =>
        fc.tuple(fc.constant(n), fc.array(fc.oneof(fc.constant(36.5), temperature), { minLength: n, maxLength: n }), day),
      ).map(([n, temps, last]) => temps.map((t, i) => ({ day: addDays(last, i - n + 1), temperature: t, symptoms: [] }))),
    ),
    authority: fc.array(authority, { maxLength: 4 }),
    riskAreas: fc.array(
      fc.record({ region: areaRegion, level: fc.constantFrom('high', 'medium', 'low'), since: day, until: day }, { requiredKeys: ['region', 'level', 'since'] }),
      { maxLength: 5 },
    ),
  })
  .map(({ declaration, ...rest }) => (declaration ? { declaration, ...rest } : rest));

const now = fc.integer({ min: -10 * 24, max: 45 * 24 }).map((h) => new Date(BASE_MS + h * 3_600_000 + 1234));

/** A deep copy: new objects everywhere, so no memo keyed by identity can answer for it. */
const fresh = <T>(value: T): T => structuredClone(value);

describe('the engine’s memos never change an answer', () => {
  it('a resident evaluated through warm memos gets what fresh copies of the facts and ruleset get', () => {
    fc.assert(
      fc.property(facts, now, (f, at) => {
        const warm = evaluate(f, rulesetV1, at);
        expect(evaluate(f, rulesetV1, at)).toEqual(warm);
        expect(evaluate(fresh(f), fresh(rulesetV1), at)).toEqual(warm);
      }),
      { numRuns: 3000 },
    );
  });

  it('one risk-area list shared by many residents, in any order, answers as a list of their own', () => {
    fc.assert(
      fc.property(fc.array(facts, { minLength: 2, maxLength: 20 }), now, (many, at) => {
        const shared = many[0]!.riskAreas;
        const answers = many.map((f) => evaluate({ ...f, riskAreas: shared }, rulesetV1, at));
        [...many.keys()].reverse().forEach((i) => {
          expect(evaluate({ ...many[i]!, riskAreas: shared }, rulesetV1, at)).toEqual(answers[i]);
          expect(evaluate({ ...fresh(many[i]!), riskAreas: fresh(shared) }, rulesetV1, at)).toEqual(answers[i]);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('instantMs (the engine’s fast ISO instant parser)', () => {
  it('agrees with Date.parse on instants in the forms feeds write', () => {
    fc.assert(
      fc.property(instant, (text) => {
        expect(instantMs(text)).toBe(Date.parse(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with Date.parse on odd and malformed input', () => {
    const odd = [
      '2020-02-31T09:00:00Z',
      '2019-02-29T00:00:00+08:00',
      '2020-02-29T23:59:59.999+08:00',
      '2020-03-02T24:00:00Z',
      '2020-03-02T23:59:60Z',
      '2020-03-02T23:60:00Z',
      '2020-03-02T09:00:00+0800',
      '2020-03-02T09:00:00+08',
      '2020-03-02T09:00+08:00',
      '2020-03-02T09:00:00.1+08:00',
      '2020-03-02T09:00:00.123456Z',
      '2020-03-02t09:00:00z',
      '2020-03-02 09:00:00Z',
      '2020-13-02T09:00:00Z',
      '2020-00-02T09:00:00Z',
      '2020-03-00T09:00:00Z',
      '2020-03-02T09:00:00+24:00',
      '2020-03-02T09:00:00+23:60',
      '2020-03-02T09:00:00-23:59',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999Z',
      '+002020-03-02T09:00:00Z',
      '2020-03-02T09:00:00.abcZ',
      '2020-03-02T09:00:00Q08:00',
      'abcd-ef-ghTij:kl:mnZ',
      '',
    ];
    for (const text of odd) expect([text, instantMs(text)]).toEqual([text, Date.parse(text)]);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789-:T.Z+ '.split('')), minLength: 18, maxLength: 30 }), (text) => {
        expect(Object.is(instantMs(text), Date.parse(text))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
