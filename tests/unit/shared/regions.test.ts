import {
  LISHUI_CITY,
  isKnownRegion,
  isProvincePrefix,
  provinceRegions,
  regionCovers,
  regionLabel,
  regionLevel,
  regionName,
  zhejiangRegions,
} from '../../../shared/regions';

const LISHUI_COUNTIES: Array<[string, string]> = [
  ['331102', '莲都区'],
  ['331121', '青田县'],
  ['331122', '缙云县'],
  ['331123', '遂昌县'],
  ['331124', '松阳县'],
  ['331125', '云和县'],
  ['331126', '庆元县'],
  ['331127', '景宁畲族自治县'],
  ['331181', '龙泉市'],
];

const ZHEJIANG_PREFECTURES: Array<[string, string]> = [
  ['330100', '杭州市'],
  ['330200', '宁波市'],
  ['330300', '温州市'],
  ['330400', '嘉兴市'],
  ['330500', '湖州市'],
  ['330600', '绍兴市'],
  ['330700', '金华市'],
  ['330800', '衢州市'],
  ['330900', '舟山市'],
  ['331000', '台州市'],
  ['331100', '丽水市'],
];

describe('Lishui', () => {
  it.each(LISHUI_COUNTIES)('%s is %s, a county of 丽水市', (code, name) => {
    expect(isKnownRegion(code)).toBe(true);
    expect(regionName(code)).toBe(name);
    expect(regionLevel(code)).toBe('county');
    expect(regionCovers(LISHUI_CITY, code)).toBe(true);
    expect(regionLabel(code)).toBe(`浙江省丽水市${name}`);
  });

  it('has exactly those nine counties in the picker', () => {
    const lishui = zhejiangRegions().find((c) => c.code === LISHUI_CITY);
    expect(lishui?.name).toBe('丽水市');
    expect(lishui?.counties).toEqual(LISHUI_COUNTIES.map(([code, name]) => ({ code, name })));
  });
});

describe('Zhejiang prefectures', () => {
  it.each(ZHEJIANG_PREFECTURES)('%s is %s', (code, name) => {
    expect(isKnownRegion(code)).toBe(true);
    expect(regionName(code)).toBe(name);
    expect(regionLevel(code)).toBe('city');
  });

  it('lists the eleven prefectures, each with counties, and nothing else', () => {
    expect(zhejiangRegions().map((c) => [c.code, c.name])).toEqual(ZHEJIANG_PREFECTURES);
    for (const city of zhejiangRegions()) {
      expect(city.counties.length).toBeGreaterThan(0);
      for (const county of city.counties) expect(county.code.slice(0, 4)).toBe(city.code.slice(0, 4));
    }
  });

  it('rejects Zhejiang codes that do not exist, including retired ones', () => {
    expect(isKnownRegion('331199')).toBe(false);
    expect(isKnownRegion('331200')).toBe(false);
    expect(isKnownRegion('332501')).toBe(false); // 丽水地区 before 2000
    expect(isKnownRegion('330101')).toBe(false); // 市辖区 placeholder
    expect(regionName('331199')).toBeUndefined();
  });
});

describe('other provinces', () => {
  it('are checked at province level', () => {
    expect(isKnownRegion('440000')).toBe(true);
    expect(isKnownRegion('440300')).toBe(true);
    expect(isKnownRegion('420106')).toBe(true);
    expect(regionName('440000')).toBe('广东省');
    expect(regionName('440300')).toBeUndefined();
    expect(regionLabel('440300')).toBe('广东省（440300）');
  });

  it('rejects provinces that do not exist and malformed codes', () => {
    for (const code of ['000000', '190000', '990101', '440001', '33110', '3311021', '３３１１０２', '', 'abcdef']) {
      expect(isKnownRegion(code)).toBe(false);
    }
  });

  it('includes Hong Kong, Macau and Taiwan at province level', () => {
    expect(regionName('810000')).toBe('香港特别行政区');
    expect(regionName('820000')).toBe('澳门特别行政区');
    expect(regionName('710000')).toBe('台湾省');
    expect(provinceRegions()).toHaveLength(34);
    expect(isProvincePrefix('33')).toBe(true);
    expect(isProvincePrefix('19')).toBe(false);
  });
});

describe('regionLevel', () => {
  it('reads the level from the shape', () => {
    expect(regionLevel('330000')).toBe('province');
    expect(regionLevel('331100')).toBe('city');
    expect(regionLevel('331102')).toBe('county');
    expect(regionLevel('33110')).toBeUndefined();
  });
});

describe('regionCovers', () => {
  it('a province area covers every stay in the province', () => {
    expect(regionCovers('330000', '331127')).toBe(true);
    expect(regionCovers('330000', '331100')).toBe(true);
    expect(regionCovers('330000', '330000')).toBe(true);
    expect(regionCovers('330000', '320100')).toBe(false);
  });

  it('a city area covers its own counties only', () => {
    expect(regionCovers('331100', '331181')).toBe(true);
    expect(regionCovers('331100', '331100')).toBe(true);
    expect(regionCovers('331100', '331002')).toBe(false);
  });

  it('a county area covers only itself, not a coarser declaration', () => {
    expect(regionCovers('331181', '331181')).toBe(true);
    expect(regionCovers('331181', '331182')).toBe(false);
    expect(regionCovers('331181', '331100')).toBe(false);
    expect(regionCovers('331100', '330000')).toBe(false);
  });

  it('never matches malformed codes', () => {
    expect(regionCovers('3311', '331181')).toBe(false);
    expect(regionCovers('331100', '3311xx')).toBe(false);
  });
});
