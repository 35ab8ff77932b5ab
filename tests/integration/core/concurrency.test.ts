/**
 * Bursts of parallel writes on one holder or one feed id, against the real DynamoDB Local, each
 * followed by the invariant checks: the status is what the rules give for the stored facts, and a
 * feed id's records are exactly those of one body.
 */
import { randomBytes } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../functions/adapters/keys';
import { applyHolderChange, newHolderId, readHolderStatus, ruledStatus, verifyHolderHistory, type DeclarationInput } from '../../../functions/core/holder-state';
import { submitFeed } from '../../../functions/core/authority/feeds';
import { ConflictError } from '../../../functions/core/errors';
import { addDays, shanghaiDay } from '../../../shared/time';
import { privateTable, testDb, testPorts } from '../../support/authority-fixtures';
import { residentId } from '../../support/resident-fixtures';
import { tableHolderStore } from '../../../functions/adapters/dynamodb/holder-store';

const db = testDb();
let store: ReturnType<typeof tableHolderStore>;
let tableName: string;
const t0 = new Date('2026-05-01T09:00:00+08:00');
const HOME = '331102';
const HIGH = '330902';
const TRIALS = 5;
// A smaller burst than `npm run reliability` would send: DynamoDB Local on a shared 2-core machine.
const BURST = 6;

beforeAll(async () => {
  tableName = await privateTable(db, 'burst');
  store = tableHolderStore(db, tableName);
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.riskAreasCurrent(), version: 'burst-1', areas: [{ region: HIGH, level: 'high', since: addDays(shanghaiDay(t0), -20) }] } }));
});

async function resident(documentHash = randomBytes(32).toString('hex')) {
  const holderId = newHolderId();
  await applyHolderChange(store, holderId, {
    cause: { kind: 'registration' },
    register: { holder: { maskedName: '王*', maskedDocument: '3311**********002X' }, documentHash, accountId: holderId },
  }, t0);
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.documentBinding(documentHash), holderId } }));
  return holderId;
}

function shuffled<T>(list: T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

test(`${TRIALS} bursts of ${BURST} parallel declarations, in random order: the status always equals the rules over the stored facts`, async () => {
  let violations = 0;
  for (let trial = 0; trial < TRIALS; trial++) {
    const holderId = await resident();
    const writes = Array.from({ length: BURST }, (_, i) => {
      // Alternating: clean at home, a cough, a stay in a high-risk area; concurrent requests, a few ms apart.
      const declaration: DeclarationInput = i % 3 === 0
        ? { region: HOME, travel: [], symptoms: [], contactWithCase: false }
        : i % 3 === 1 ? { region: HOME, travel: [], symptoms: ['cough'], contactWithCase: false } : { region: HIGH, travel: [], symptoms: [], contactWithCase: false };
      return () => applyHolderChange(store, holderId, { cause: { kind: 'declaration' }, declaration }, new Date(t0.getTime() + 86_400_000 + i * 7));
    });
    await Promise.all(shuffled(writes).map((w) => w()));
    const later = new Date(t0.getTime() + 2 * 86_400_000);
    const status = (await readHolderStatus(store, holderId))!;
    const ruled = (await ruledStatus(store, holderId, new Date(status.evaluatedAt)))!;
    if (ruled.color !== status.color || ruled.reasonCodes.join() !== status.reasons.map((r) => r.code).join() || ruled.streak !== status.streak || ruled.version !== status.version) violations++;
    if (!(await verifyHolderHistory(store, holderId)).ok) violations++;
    // And a re-evaluation a day later changes nothing that the rules do not.
    await applyHolderChange(store, holderId, { cause: { kind: 'job' } }, later);
    const after = (await readHolderStatus(store, holderId))!;
    if (after.color !== (await ruledStatus(store, holderId, later))!.color) violations++;
  }
  expect(violations).toBe(0);
}, 180_000);

test(`one feed id with two bodies sent in parallel (${TRIALS} trials): exactly one body is applied, the other refused with nothing written`, async () => {
  const ports = testPorts(db, tableName);
  const now = new Date();
  for (let trial = 0; trial < TRIALS; trial++) {
    const feedId = `burst-${trial}-${randomBytes(4).toString('hex')}`;
    const people = { a: residentId(), b: residentId() };
    const hashes = { a: await ports.documentHash('resident-id', people.a), b: await ports.documentHash('resident-id', people.b) };
    const holders = { a: await resident(hashes.a), b: await resident(hashes.b) };
    const body = (who: 'a' | 'b') => ({ feedId, type: 'close-contact' as const, records: [{ documentType: 'resident-id', documentNumber: people[who], at: new Date(now.getTime() - 3_600_000).toISOString(), lastExposureDay: shanghaiDay(now) }] });
    const sends = shuffled([...Array.from({ length: 8 }, () => 'a' as const), ...Array.from({ length: 4 }, () => 'b' as const)]).map((who) =>
      submitFeed(ports, body(who) as never, 'cdc', now).then(() => ({ who, ok: true }), (err) => {
        if (!(err instanceof ConflictError)) throw err;
        return { who, ok: false };
      }),
    );
    const answers = await Promise.all(sends);
    const winners = new Set(answers.filter((a) => a.ok).map((a) => a.who));
    expect(winners.size).toBe(1);
    const winner = [...winners][0]!;
    const loser = winner === 'a' ? 'b' : 'a';
    // Every request with the winning body gets its answer; every one with the other body is a 409.
    expect(answers.filter((a) => a.who === winner).every((a) => a.ok)).toBe(true);
    expect(answers.filter((a) => a.who === loser).every((a) => !a.ok)).toBe(true);
    const records = async (hash: string) => (await db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :r)', ExpressionAttributeValues: { ':pk': `DOC#${hash}`, ':r': 'REC#' } }))).Items ?? [];
    expect(await records(hashes[winner])).toHaveLength(1);
    expect(await records(hashes[loser])).toHaveLength(0);
    expect((await readHolderStatus(store, holders[winner]))!.color).toBe('red');
    expect((await readHolderStatus(store, holders[loser]))!.color).toBe('green');
  }
}, 180_000);
