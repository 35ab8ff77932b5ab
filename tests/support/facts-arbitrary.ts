/**
 * Random residents' facts for property tests, wider than the engine's own generators: check-ins out
 * of order and several on one day, authority times in every offset form, stays in and around risk
 * areas, areas that were lowered. Used by the engine's memo properties (rules-fast-path) and by the
 * decoder's (core/facts).
 */
import fc from 'fast-check';
import type { AuthorityRecordFacts, Facts } from '../../shared/rules/engine';
import { addDays } from '../../shared/time';

const BASE = '2020-03-01';
const BASE_MS = Date.parse(`${BASE}T00:00:00+08:00`);
const day = fc.integer({ min: -25, max: 25 }).map((n) => addDays(BASE, n));
const region = fc.constantFrom('331102', '331181', '331100', '330000', '420106', '420102', '421002', '420500', '110105', '330106');
const areaRegion = fc.constantFrom('331100', '331102', '420000', '420100', '420106', '110000', '330000', '110105');
const temperature = fc.integer({ min: 350, max: 420 }).map((t) => t / 10);
const symptoms = fc.oneof(fc.constant([] as string[]), fc.constant(['咳嗽']), fc.constant(['乏力', '发热']));

/** The same instant written the ways a feed may write it. */
export const instant = fc
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

export const facts: fc.Arbitrary<Facts> = fc
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

export const now = fc.integer({ min: -10 * 24, max: 45 * 24 }).map((h) => new Date(BASE_MS + h * 3_600_000 + 1234));
