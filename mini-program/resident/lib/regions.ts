/**
 * The region picker: Zhejiang's cities with their counties (Lishui first), then the other provinces
 * at province level, as two-level options for antd-mini's CascaderPicker. Pure.
 */
import { isKnownRegion, LISHUI_CITY, provinceRegions, regionLabel, ZHEJIANG_PROVINCE, zhejiangRegions } from '../../../shared/regions';

export interface CascaderOption {
  label: string;
  value: string;
  children?: CascaderOption[];
}

/** First-column value grouping the provinces outside Zhejiang. */
export const OUTSIDE_ZHEJIANG = 'outside';

export function regionPickerOptions(): CascaderOption[] {
  const cities = [...zhejiangRegions()].sort((a, b) => (a.code === LISHUI_CITY ? -1 : b.code === LISHUI_CITY ? 1 : 0));
  return [
    ...cities.map((city) => ({
      label: city.name,
      value: city.code,
      children: city.counties.map((county) => ({ label: county.name, value: county.code })),
    })),
    {
      label: '浙江省外',
      value: OUTSIDE_ZHEJIANG,
      children: provinceRegions()
        .filter((p) => p.code !== ZHEJIANG_PROVINCE)
        .map((p) => ({ label: p.name, value: p.code })),
    },
  ];
}

/** The region a picker answer stands for: its last column. */
export function regionFromPicker(value: readonly string[] | undefined): string | undefined {
  const code = value?.[value.length - 1];
  return code !== undefined && isKnownRegion(code) ? code : undefined;
}

/** The picker position that shows a region. */
export function pickerValueFor(region: string): string[] {
  if (!isKnownRegion(region)) return [];
  if (region.startsWith('33')) return [`${region.slice(0, 4)}00`, region];
  return [OUTSIDE_ZHEJIANG, `${region.slice(0, 2)}0000`];
}

/** A located district code, if it is one we accept (any Zhejiang county, any province elsewhere). */
export function regionFromLocation(adcode: string | undefined): string | undefined {
  return adcode !== undefined && isKnownRegion(adcode) ? adcode : undefined;
}

/** "浙江省丽水市莲都区", or '' when nothing is chosen. */
export function regionText(region: string): string {
  return region ? regionLabel(region) : '';
}
