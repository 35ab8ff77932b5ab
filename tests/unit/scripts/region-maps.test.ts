/**
 * The risk-area maps (scripts/lib/region-maps.ts) against shared/regions: every county of 丽水市
 * and every city of 浙江省 has exactly one feature under its GB/T 2260 code, no feature names a
 * region shared/regions does not have, and the names agree.
 */
import { extractRegisteredMap, MAP_SOURCES, regionMaps, regionMapsPlugin, REGION_MAPS_MODULE } from '../../../scripts/lib/region-maps';
import { LISHUI_CITY, regionName, zhejiangRegions } from '../../../shared/regions';
import { createRequire } from 'node:module';

const maps = regionMaps();
const byCode = (features: { id: string; properties: { name: string } }[]) => new Map(features.map((f) => [f.id, f.properties.name]));

test('the Lishui map has one feature per county of 丽水市, with the same codes and names', () => {
  const lishui = zhejiangRegions().find((c) => c.code === LISHUI_CITY)!;
  const features = byCode(maps.lishui.features);
  expect(features.size).toBe(maps.lishui.features.length);
  expect([...features.keys()].sort()).toEqual(lishui.counties.map((c) => c.code).sort());
  for (const county of lishui.counties) expect(features.get(county.code)).toBe(county.name);
  expect(lishui.counties).toHaveLength(9);
});

test('the Zhejiang map has one feature per city of 浙江省, with the same codes and names', () => {
  const cities = zhejiangRegions();
  const features = byCode(maps.zhejiang.features);
  expect(features.size).toBe(maps.zhejiang.features.length);
  expect([...features.keys()].sort()).toEqual(cities.map((c) => c.code).sort());
  for (const [code, name] of features) expect(regionName(code)).toBe(name);
  expect(cities).toHaveLength(11);
});

test('every feature has an outline ECharts can decode', () => {
  for (const map of [maps.lishui, maps.zhejiang]) {
    expect(map.UTF8Encoding).toBe(true);
    for (const f of map.features) expect(['Polygon', 'MultiPolygon']).toContain((f.geometry as { type: string }).type);
  }
});

test('a package file that registers another map is refused by name', () => {
  const file = createRequire(import.meta.url).resolve(MAP_SOURCES.lishui.module);
  expect(() => extractRegisteredMap(file, '温州')).toThrow('registered no map named 温州');
});

test('the Vite plugin serves exactly the two maps as the virtual module', () => {
  const plugin = regionMapsPlugin();
  const id = plugin.resolveId(REGION_MAPS_MODULE)!;
  expect(plugin.resolveId('echarts')).toBeUndefined();
  const code = plugin.load(id)!;
  expect(code).toContain('"331127"');
  expect(code).toContain('"330100"');
  // Two maps only: no other city of the cities package (温州's counties, 330302 鹿城区) rides along.
  expect(code).not.toContain('330302');
  expect(code.length).toBeLessThan(200_000);
});
