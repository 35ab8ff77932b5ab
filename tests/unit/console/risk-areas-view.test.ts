/** The console's risk-area view: names from shared/regions, areas in force first by level, lowered ones after. */
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
