import { applyHolderChange, loadHistory, readHolderStatus } from '../../../../functions/core/holder-state';
import { startAutoConvert } from '../../../../functions/core/authority/auto-convert';
import { submitFeed } from '../../../../functions/core/authority/feeds';
import { privateTable, registerResident, residentId, testDb, testPorts, quietDeclaration } from '../../../support/authority-fixtures';

const db = testDb();
let tableName: string;
beforeAll(async () => {
  tableName = await privateTable(db, 'convert');
});

const T = '2026-05-01';
const on = (day: number, time = '12:00') => new Date(`2026-05-${String(day).padStart(2, '0')}T${time}:00+08:00`);

/** A resident made a close contact on day T, with normal check-ins on the given days of May. */
async function closeContactWithCheckins(feedId: string, days: number[]) {
  const ports = testPorts(db, tableName);
  const doc = residentId();
  const { holderId } = await registerResident(ports, doc, on(1, '08:00'), quietDeclaration);
  await submitFeed(ports, { feedId, type: 'close-contact', records: [{ documentType: 'resident-id', documentNumber: doc, at: '2026-05-01T10:00:00+08:00', lastExposureDay: T }] }, 'cdc', on(1, '10:30'));
  for (const day of days) {
    await applyHolderChange(ports.store, holderId, { cause: { kind: 'checkin' }, checkin: { temperature: 36.4, symptoms: [] } }, on(day));
  }
  return { ports, holderId };
}

const fourteen = Array.from({ length: 14 }, (_, i) => i + 1);

describe('auto-conversion job', () => {
  test('after 14 days and 14 daily check-ins the job turns red green; with one day missed it stays red and says what is missing', async () => {
    const done = await closeContactWithCheckins('ac-done', fourteen);
    const missed = await closeContactWithCheckins('ac-missed', fourteen.filter((d) => d !== 7));
    expect((await readHolderStatus(done.ports.store, done.holderId))?.color).toBe('red');

    await startAutoConvert(done.ports, on(15, '08:00'), 'run-1');
    expect((await readHolderStatus(done.ports.store, done.holderId))?.color).toBe('green');
    expect((await loadHistory(done.ports.store, done.holderId)).at(-1)).toMatchObject({ from: 'red', to: 'green', cause: { kind: 'job', ref: 'run-1' } });

    const stillRed = await readHolderStatus(missed.ports.store, missed.holderId);
    expect(stillRed?.color).toBe('red');
    expect(stillRed?.clearance).toMatchObject({ checkinsRequired: 14, checkinsDone: 7 });
    expect(stillRed?.clearance?.message).toContain('还需连续打卡7天');
  }, 120_000);

  test('two runs at once convert a resident once: one history entry', async () => {
    const { ports, holderId } = await closeContactWithCheckins('ac-twice', fourteen);
    const before = (await loadHistory(ports.store, holderId)).length;
    await Promise.all([startAutoConvert(ports, on(15, '08:00'), 'run-a'), startAutoConvert(ports, on(15, '08:00'), 'run-b')]);
    const history = await loadHistory(ports.store, holderId);
    expect(history).toHaveLength(before + 1);
    expect(history.at(-1)).toMatchObject({ from: 'red', to: 'green', cause: { kind: 'job' } });
    expect((await readHolderStatus(ports.store, holderId))?.color).toBe('green');
  }, 120_000);

  test('a status not yet due is not touched; reviewFrom narrows a run to later statuses', async () => {
    const { ports, holderId } = await closeContactWithCheckins('ac-early', [1, 2, 3]);
    const before = await readHolderStatus(ports.store, holderId);
    await startAutoConvert(ports, on(3, '13:00'), 'run-early');
    expect(await readHolderStatus(ports.store, holderId)).toEqual(before);
    await startAutoConvert(ports, on(20), 'run-narrow', on(19));
    expect(await readHolderStatus(ports.store, holderId)).toEqual(before);
  }, 120_000);
});
