/**
 * The engine's precomputation (per ruleset, per risk-area list, per region code) must never change an
 * answer: on random facts, an evaluation through warm memos equals one on fresh copies of the same
 * facts, list and ruleset. The vectors (shared/rules/v1.vectors.json) pin the answers themselves. The generators
 * go wider than rules-properties: check-ins out of order and several on one day, authority times in
 * every offset form, stays in and around risk areas, areas that were lowered.
 */
import fc from 'fast-check';
import { evaluate, instantMs } from '../../../shared/rules/engine';
import { rulesetV1 } from '../../../shared/rules/schema';
import { facts, instant, now } from '../../support/facts-arbitrary';

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
