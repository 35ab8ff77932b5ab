/** The console's read-only views: risk areas (names from shared/regions, in force first by level) and ruleset versions. */
import { riskAreasView } from '../../../functions/core/console/watch';
import { consoleRiskAreas } from '../../../shared/api/console';

test('areas in force come first, high before medium before low, each named; lowered ones keep their end day', async () => {
  const view = await riskAreasView({
    async currentRiskAreas() {
      return {
        version: 'v7',
        publishedAt: '2026-12-01T02:00:00.000Z',
        principal: 'local-authority',
        areas: [
          { region: '331181', level: 'low', since: '2026-11-20' },
          { region: '331102', level: 'high', since: '2026-11-01', until: '2026-11-19' },
          { region: '330100', level: 'medium', since: '2026-11-25' },
          { region: '331102', level: 'high', since: '2026-11-28' },
        ],
      };
    },
  });
  expect(consoleRiskAreas.parse(view)).toEqual(view);
  expect(view.areas.map((a) => [a.region, a.level, a.until ?? null])).toEqual([
    ['331102', 'high', null],
    ['330100', 'medium', null],
    ['331181', 'low', null],
    ['331102', 'high', '2026-11-19'],
  ]);
  expect(view.areas[0]!.name).toBe('浙江省丽水市莲都区');
  expect(view.areas[1]!.name).toBe('浙江省杭州市');
});

test('before the first publication the view is empty, not an error', async () => {
  expect(await riskAreasView({ currentRiskAreas: async () => undefined })).toEqual({ areas: [] });
});

test('the ruleset view names the built-in ruleset while none was activated, and sorts versions by effective date', async () => {
  const { rulesetsView } = await import('../../../functions/core/console/watch');
  const { rulesetV1 } = await import('../../../shared/rules/schema');
  const versions = [
    { version: '1.1.0', effectiveFrom: '2026-11-01T00:00:00+08:00', state: 'superseded' as const },
    { version: '1.2.0', effectiveFrom: '2026-12-10T00:00:00+08:00', state: 'scheduled' as const },
  ];
  expect(await rulesetsView({ rulesetVersions: async () => ({ versions: [] }) })).toEqual({ active: rulesetV1.version, builtIn: true, rulesets: [] });
  const view = await rulesetsView({ rulesetVersions: async () => ({ active: '1.1.0', versions }) });
  expect(view).toMatchObject({ active: '1.1.0', builtIn: false });
  expect(view.rulesets.map((r) => r.version)).toEqual(['1.2.0', '1.1.0']);
});
