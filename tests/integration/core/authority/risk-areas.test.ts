import { readHolderStatus, loadHistory } from '../../../../functions/core/holder-state';
import { publishRiskAreas } from '../../../../functions/core/authority/risk-areas';
import { privateTable, registerResident, residentId, testDb, testPorts, quietDeclaration } from '../../../support/authority-fixtures';

const db = testDb();
let tableName: string;
beforeAll(async () => {
  tableName = await privateTable(db, 'areas');
});

// 岱山县 and 嵊泗县, both in 舟山市 (330900).
const DAISHAN = '330921';
const SHENGSI = '330922';
const now = new Date('2026-06-10T10:00:00+08:00');
const later = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

describe('publishRiskAreas: re-colours exactly the residents with stays in a changed area', () => {
  test('medium raised to high turns those with stays there red and leaves everyone else untouched', async () => {
    const ports = testPorts(db, tableName);
    const traveller = await registerResident(ports, residentId(), now, { ...quietDeclaration, travel: [{ region: DAISHAN, from: '2026-06-05', to: '2026-06-07' }] });
    const resident = await registerResident(ports, residentId(), now, { ...quietDeclaration, region: DAISHAN });
    const elsewhere = await registerResident(ports, residentId(), now, quietDeclaration);
    const neighbour = await registerResident(ports, residentId(), now, { ...quietDeclaration, region: SHENGSI });

    const v1 = await publishRiskAreas(ports, { version: 'areas-1', areas: [{ region: DAISHAN, level: 'medium', since: '2026-06-01' }] }, 'cdc', later(1));
    expect(v1).toEqual({ version: 'areas-1', affected: 2 });
    expect((await readHolderStatus(ports.store, traveller.holderId))?.color).toBe('yellow');
    expect((await readHolderStatus(ports.store, resident.holderId))?.color).toBe('yellow');

    const untouched = await Promise.all([elsewhere, neighbour].map((r) => readHolderStatus(ports.store, r.holderId)));
    const v2 = await publishRiskAreas(ports, { version: 'areas-2', areas: [{ region: DAISHAN, level: 'high', since: '2026-06-06' }] }, 'cdc', later(2));
    expect(v2).toEqual({ version: 'areas-2', affected: 2 });
    for (const r of [traveller, resident]) {
      const status = await readHolderStatus(ports.store, r.holderId);
      expect(status).toMatchObject({ color: 'red', reasons: expect.arrayContaining([expect.objectContaining({ code: 'high-risk-stay' })]) });
      expect((await loadHistory(ports.store, r.holderId)).at(-1)).toMatchObject({ from: 'yellow', to: 'red', cause: { kind: 'risk-area', ref: 'areas-2' } });
    }
    // Not even re-evaluated: the very same status item (version, evaluatedAt).
    expect(await Promise.all([elsewhere, neighbour].map((r) => readHolderStatus(ports.store, r.holderId)))).toEqual(untouched);
  }, 120_000);

  test('a city-level area finds stays declared in its counties; a replayed version answers the same; another list under it is a 409', async () => {
    const ports = testPorts(db, tableName);
    const neighbour = await registerResident(ports, residentId(), now, { ...quietDeclaration, region: SHENGSI });
    const answer = await publishRiskAreas(ports, { version: 'areas-3', areas: [{ region: '330900', level: 'high', since: '2026-06-01' }] }, 'cdc', later(3));
    expect(answer.affected).toBeGreaterThanOrEqual(1);
    expect((await readHolderStatus(ports.store, neighbour.holderId))?.color).toBe('red');
    const again = await publishRiskAreas(ports, { version: 'areas-3', areas: [{ region: '330900', level: 'high', since: '2026-06-01' }] }, 'cdc', later(4));
    expect(again).toEqual(answer);
    await expect(publishRiskAreas(ports, { version: 'areas-3', areas: [] }, 'cdc', later(4))).rejects.toMatchObject({ status: 409 });
  }, 120_000);

  test('outside Zhejiang a province, city or county area finds county-level stays, and only the ones it covers', async () => {
    // A table of its own: no earlier area list whose removal would re-evaluate others too.
    const ports = testPorts(db, await privateTable(db, 'areas-gd'));
    // 深圳市南山区 (440305) and 福田区 (440304); 广州市 (440100).
    const trip = (region: string) => ({ ...quietDeclaration, travel: [{ region, from: '2026-06-05', to: '2026-06-07' }] });
    const nanshan = await registerResident(ports, residentId(), now, trip('440305'));
    const futian = await registerResident(ports, residentId(), now, trip('440304'));
    const guangzhou = await registerResident(ports, residentId(), now, trip('440106'));

    const county = await publishRiskAreas(ports, { version: 'areas-gd-1', areas: [{ region: '440305', level: 'medium', since: '2026-06-01' }] }, 'cdc', later(5));
    expect(county.affected).toBe(1);
    expect((await readHolderStatus(ports.store, nanshan.holderId))?.color).toBe('yellow');
    expect((await readHolderStatus(ports.store, futian.holderId))?.color).toBe('green');

    const city = await publishRiskAreas(ports, { version: 'areas-gd-2', areas: [{ region: '440305', level: 'medium', since: '2026-06-01' }, { region: '440300', level: 'medium', since: '2026-06-01' }] }, 'cdc', later(6));
    expect(city.affected).toBe(2);
    expect((await readHolderStatus(ports.store, futian.holderId))?.color).toBe('yellow');
    expect((await readHolderStatus(ports.store, guangzhou.holderId))?.color).toBe('green');

    const province = await publishRiskAreas(
      ports,
      { version: 'areas-gd-3', areas: [{ region: '440305', level: 'medium', since: '2026-06-01' }, { region: '440300', level: 'medium', since: '2026-06-01' }, { region: '440000', level: 'medium', since: '2026-06-01' }] },
      'cdc',
      later(7),
    );
    expect(province.affected).toBe(3);
    expect((await readHolderStatus(ports.store, guangzhou.holderId))?.color).toBe('yellow');
  }, 120_000);

  test('a publication whose fan-out was interrupted is finished by its retry', async () => {
    const ports = testPorts(db, tableName);
    const resident = await registerResident(ports, residentId(), now, { ...quietDeclaration, region: '330106' });
    const send = ports.queue.send;
    ports.queue.send = async () => {
      throw new Error('queue unavailable');
    };
    const body = { version: 'areas-4', areas: [{ region: '330900', level: 'high' as const, since: '2026-06-01' }, { region: '330106', level: 'high' as const, since: '2026-06-02' }] };
    await expect(publishRiskAreas(ports, body, 'cdc', later(5))).rejects.toThrow('queue unavailable');
    expect((await readHolderStatus(ports.store, resident.holderId))?.reasons).toEqual([]);
    ports.queue.send = send;
    const retried = await publishRiskAreas(ports, body, 'cdc', later(6));
    expect(retried.affected).toBeGreaterThanOrEqual(1);
    expect((await readHolderStatus(ports.store, resident.holderId))?.color).toBe('red');
  }, 120_000);
});
