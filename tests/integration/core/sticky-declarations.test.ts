/**
 * Declared risk is sticky through the write path: a later, clean declaration never lowers a colour that
 * an earlier declaration's trigger still holds, and the stays of earlier declarations stay indexed so
 * a risk-area change still finds the people who declared them.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../functions/adapters/keys';
import { applyHolderChange, loadHistory, newHolderId, readHolderStatus, verifyHolderHistory, type DeclarationInput } from '../../../functions/core/holder-state';
import { addDays, shanghaiDay } from '../../../shared/time';
import { privateTable, testDb } from '../../support/authority-fixtures';
import { randomBytes } from 'node:crypto';
import { tableHolderStore } from '../../../functions/adapters/dynamodb/holder-store';

const db = testDb();
let store: ReturnType<typeof tableHolderStore>;
const t0 = new Date('2026-03-01T09:00:00+08:00');
const at = (days: number, minutes = 0) => new Date(t0.getTime() + days * 86_400_000 + minutes * 60_000);
const HOME = '331102';
const HIGH = '330902';
const clean: DeclarationInput = { region: HOME, travel: [], symptoms: [], contactWithCase: false };

beforeAll(async () => {
  store = tableHolderStore(db, await privateTable(db, 'sticky'));
  await db.send(new PutCommand({
    TableName: store.tableName,
    Item: { ...keys.riskAreasCurrent(), version: 'sticky-1', areas: [{ region: HIGH, level: 'high', since: addDays(shanghaiDay(t0), -20) }] },
  }));
});

async function resident() {
  const holderId = newHolderId();
  await applyHolderChange(store, holderId, {
    cause: { kind: 'registration' },
    register: { holder: { maskedName: '张*', maskedDocument: '3311**********001X' }, documentHash: randomBytes(32).toString('hex'), accountId: holderId },
  }, t0);
  return holderId;
}

const declare = (holderId: string, declaration: DeclarationInput, now: Date) =>
  applyHolderChange(store, holderId, { cause: { kind: 'declaration' }, declaration }, now);

test('a declared contact stays red through a clean re-declaration, and the history never shows green again', async () => {
  const holderId = await resident();
  await declare(holderId, { ...clean, contactWithCase: true }, at(0, 1));
  await declare(holderId, clean, at(0, 2));
  await declare(holderId, clean, at(3));
  const status = await readHolderStatus(store, holderId);
  expect(status?.color).toBe('red');
  expect(status?.reasons.map((r) => r.code)).toEqual(['declared-contact']);
  expect(status?.reasons[0]!.message).toContain('3月1日');
  expect((await loadHistory(store, holderId)).map((h) => h.to)).toEqual(['green', 'red']);
  expect((await verifyHolderHistory(store, holderId)).ok).toBe(true);
});

test('declared symptoms stay yellow through a clean re-declaration', async () => {
  const holderId = await resident();
  await declare(holderId, { ...clean, symptoms: ['cough'] }, at(0, 1));
  await declare(holderId, clean, at(1));
  expect((await readHolderStatus(store, holderId))?.color).toBe('yellow');
});

test('a stay in a high-risk area stays red after declaring no travel, and its stay stays indexed', async () => {
  const holderId = await resident();
  await declare(holderId, { ...clean, travel: [{ region: HIGH, from: addDays(shanghaiDay(t0), -3), to: addDays(shanghaiDay(t0), -1) }] }, at(0, 1));
  await declare(holderId, clean, at(1));
  expect((await readHolderStatus(store, holderId))?.color).toBe('red');
  const stays = await db.send(new QueryCommand({
    TableName: store.tableName,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': keys.status(holderId).PK, ':p': 'STAY#' },
    ConsistentRead: true,
  }));
  expect(stays.Items?.map((s) => s.SK).sort()).toEqual([`STAY#${HIGH}#${addDays(shanghaiDay(t0), -1)}`, `STAY#${HOME}#9999-12-31`]);
});

test('being in a high-risk area as the current region stays red after moving home, and that stay closes on the day of the move', async () => {
  const holderId = await resident();
  await declare(holderId, { ...clean, region: HIGH }, at(0, 1));
  await declare(holderId, clean, at(2));
  expect((await readHolderStatus(store, holderId))?.color).toBe('red');
  const stays = await db.send(new QueryCommand({
    TableName: store.tableName,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': keys.status(holderId).PK, ':p': 'STAY#' },
    ConsistentRead: true,
  }));
  expect(stays.Items?.map((s) => s.SK).sort()).toEqual([`STAY#${HIGH}#${shanghaiDay(at(2))}`, `STAY#${HOME}#9999-12-31`]);
});

test('a declared contact clears only by the rules: 14 days and 14 daily check-ins after it', async () => {
  const holderId = await resident();
  await declare(holderId, { ...clean, contactWithCase: true }, at(0, 1));
  for (let day = 1; day <= 14; day += 1) {
    await applyHolderChange(store, holderId, { cause: { kind: 'checkin' }, checkin: { temperature: 36.5, symptoms: [] } }, at(day));
    if (day === 7) await declare(holderId, clean, at(day, 5));
  }
  const status = await readHolderStatus(store, holderId);
  expect(status?.color).toBe('green');
});
