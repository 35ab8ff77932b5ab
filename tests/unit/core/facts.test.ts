/**
 * The decoder from stored items to the engine's facts (functions/core/facts.ts): one shape per kind of
 * fact whatever order the item's attributes come in, one shared empty list, and never a different
 * colour than the facts the items were written from.
 */
import fc from 'fast-check';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { readAuthorityRecords, readCheckins, readDeclaration } from '../../../functions/core/facts';
import { evaluate, type Facts } from '../../../shared/rules/engine';
import { rulesetV1 } from '../../../shared/rules/schema';
import { facts, now } from '../../support/facts-arbitrary';

/** An item as the document client hands it back: through DynamoDB's wire form, attributes reordered. */
function stored(attributes: Record<string, unknown>, order: number): Record<string, unknown> {
  const wire = marshall({ PK: 'H#x', SK: 'S#x', at: '2020-03-01T08:00:00+08:00', ...attributes }, { removeUndefinedValues: true });
  const names = Object.keys(wire);
  const rotated = [...names.slice(order % names.length), ...names.slice(0, order % names.length)].reverse();
  return unmarshall(Object.fromEntries(rotated.map((name) => [name, wire[name]!])));
}

describe('stored items become facts of one shape', () => {
  it('a check-in has day, temperature and symptoms in that order, and empty symptoms are one shared frozen list', () => {
    const [a, b] = readCheckins([
      { symptoms: [], temperature: 36.5, SK: 'CHK#2020-03-01', day: '2020-03-01' },
      { day: '2020-03-02', temperature: 36.6, PK: 'H#1' },
    ]);
    expect(Object.keys(a!)).toEqual(['day', 'temperature', 'symptoms']);
    expect(Object.keys(b!)).toEqual(['day', 'temperature', 'symptoms']);
    expect(a!.symptoms).toBe(b!.symptoms);
    expect(Object.isFrozen(a!.symptoms)).toBe(true);
    expect(readCheckins([{ day: '2020-03-01', temperature: 37.5, symptoms: ['咳嗽'] }])[0]!.symptoms).toEqual(['咳嗽']);
  });

  it('a declaration keeps every field, with stays as region, from, to', () => {
    const facts = readDeclaration({ travel: [{ to: '2020-02-20', region: '420106', from: '2020-02-18' }], contactWithCase: true, day: '2020-02-25', region: '331102', at: 'x' });
    expect(facts).toEqual({ day: '2020-02-25', region: '331102', travel: [{ region: '420106', from: '2020-02-18', to: '2020-02-20' }], symptoms: [], temperature: undefined, contactWithCase: true });
    expect(Object.keys(facts!.travel[0]!)).toEqual(['region', 'from', 'to']);
    expect(readDeclaration(undefined)).toBeUndefined();
    expect(readDeclaration({ day: '2020-02-25', region: '331102', temperature: 37.4 })!.temperature).toBe(37.4);
  });

  it('authority records: items without a type or time are left out, the day and result kept when present', () => {
    const records = readAuthorityRecords([
      { type: 'close-contact', at: '2020-03-02T09:00:00+08:00', day: '2020-03-01', feedId: 'f1' },
      { at: '2020-03-02T09:00:00+08:00' },
      { type: 'test-result', at: '2020-03-03T09:00:00+08:00', result: 'positive' },
      { type: 'test-result', at: '2020-03-03T09:00:00+08:00', result: 'maybe' },
    ]);
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({ type: 'close-contact', day: '2020-03-01' });
    expect(records[1]).toMatchObject({ type: 'test-result', result: 'positive', day: undefined });
    expect(records[2]!.result).toBeUndefined();
    expect(records.map((record) => Object.keys(record))).toEqual([0, 1, 2].map(() => ['type', 'at', 'day', 'result']));
  });
});

describe('decoding never changes a colour', () => {
  it('facts written as items and read back evaluate exactly as the facts themselves', () => {
    fc.assert(
      fc.property(facts, fc.nat(), now, (original, order, at) => {
        const decoded: Facts = {
          declaration: readDeclaration(original.declaration && stored({ ...original.declaration }, order)),
          checkins: readCheckins(original.checkins.map((c, i) => stored({ ...c }, order + i))),
          authority: readAuthorityRecords(original.authority.map((r, i) => stored({ ...r }, order + i))),
          riskAreas: original.riskAreas,
        };
        expect(evaluate(decoded, rulesetV1, at)).toEqual(evaluate(original, rulesetV1, at));
      }),
      { numRuns: 500 },
    );
  });
});
