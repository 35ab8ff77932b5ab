import { stayIndexRegion } from '../../../../functions/adapters/keys';
import { changedRegions, coveredStayCodes, nextAreaFacts } from '../../../../functions/core/authority/risk-areas';
import { regionCovers } from '../../../../shared/regions';

describe('risk-area versions (pure)', () => {
  test('a raised area keeps its old level until yesterday, so stays while it was medium still count', () => {
    const next = nextAreaFacts([{ region: '331102', level: 'medium', since: '2024-03-01' }], [{ region: '331102', level: 'high', since: '2024-03-05' }], '2024-03-05', 14);
    expect(next).toEqual([
      { region: '331102', level: 'high', since: '2024-03-05' },
      { region: '331102', level: 'medium', since: '2024-03-01', until: '2024-03-04' },
    ]);
  });

  test('a removed area is closed, and dropped once no stay within the look-back can reach it', () => {
    const closed = nextAreaFacts([{ region: '331102', level: 'high', since: '2024-03-01' }], [], '2024-03-10', 14);
    expect(closed).toEqual([{ region: '331102', level: 'high', since: '2024-03-01', until: '2024-03-09' }]);
    expect(nextAreaFacts(closed, [], '2024-03-23', 14)).toEqual(closed);
    expect(nextAreaFacts(closed, [], '2024-03-24', 14)).toEqual([]);
  });

  test('an unchanged area is carried as is; an area first listed today has no closed twin', () => {
    const same = [{ region: '331102', level: 'medium' as const, since: '2024-03-01' }];
    expect(nextAreaFacts(same, same, '2024-03-05', 14)).toEqual(same);
    expect(nextAreaFacts([{ region: '331102', level: 'medium', since: '2024-03-05' }], [], '2024-03-05', 14)).toEqual([]);
  });

  test('changed regions: raised, lowered, added and removed ones, with the earliest day a stay matters', () => {
    const before = [
      { region: '331102', level: 'medium' as const, since: '2024-03-01' },
      { region: '331121', level: 'high' as const, since: '2024-02-20' },
      { region: '331122', level: 'medium' as const, since: '2024-02-25' },
    ];
    const after = [
      { region: '331102', level: 'high' as const, since: '2024-03-05' },
      { region: '331122', level: 'medium' as const, since: '2024-02-25' },
      { region: '331123', level: 'medium' as const, since: '2024-03-04' },
    ];
    expect(changedRegions(before, after)).toEqual(new Map([
      ['331102', '2024-03-01'],
      ['331123', '2024-03-04'],
      ['331121', '2024-02-20'],
    ]));
  });

  test('covered stay codes agree with the engine rule (regionCovers) for Zhejiang and elsewhere', () => {
    const lishui = coveredStayCodes('331100');
    expect(lishui).toEqual(expect.arrayContaining(['331100', '331102', '331181']));
    expect(lishui).toHaveLength(10);
    const zhejiang = coveredStayCodes('330000');
    expect(zhejiang).toEqual(expect.arrayContaining(['330000', '330100', '331100', '331127']));
    for (const code of [...lishui, ...zhejiang]) expect(regionCovers(code.startsWith('3311') && lishui.includes(code) ? '331100' : '330000', code)).toBe(true);
    expect(coveredStayCodes('331102')).toEqual(['331102']);
    expect(coveredStayCodes('440000')).toEqual(expect.arrayContaining(['440000', '440100', '440300', '449900']));
    // Outside Zhejiang county stays are indexed under their city (keys.ts stayIndexRegion).
    expect(coveredStayCodes('440300')).toEqual(['440300']);
    expect(coveredStayCodes('440304')).toEqual(['440300']);
    expect(stayIndexRegion('440304')).toBe('440300');
    expect(stayIndexRegion('440300')).toBe('440300');
    expect(stayIndexRegion('331102')).toBe('331102');
    expect(coveredStayCodes('44030')).toEqual([]);
  });
});
