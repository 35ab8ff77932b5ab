/// <reference types="vite/client" />

/** The two maps of the risk-area page (scripts/lib/region-maps.ts, served by console/vite.config.ts). */
declare module 'virtual:region-maps' {
  interface RegionMap {
    type: 'FeatureCollection';
    UTF8Encoding?: boolean;
    features: { type: 'Feature'; id: string; properties: { name: string; cp?: [number, number] }; geometry: unknown }[];
  }
  export const lishui: RegionMap;
  export const zhejiang: RegionMap;
}
