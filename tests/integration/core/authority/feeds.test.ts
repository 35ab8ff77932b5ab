import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../../functions/adapters/keys';
import { loadHistory, readHolderStatus } from '../../../../functions/core/holder-state';
import { submitFeed } from '../../../../functions/core/authority/feeds';
import { CHUNK_SIZE } from '../../../../functions/core/authority/work';
import { privateTable, registerResident, residentId, testDb, testPorts, quietDeclaration } from '../../../support/authority-fixtures';

const db = testDb();
let tableName: string;
beforeAll(async () => {
  tableName = await privateTable(db, 'feeds');
});

const now = new Date('2026-04-01T10:00:00+08:00');
const closeContact = (documentNumber: string) => ({ documentType: 'resident-id', documentNumber, at: '2026-04-01T09:00:00+08:00', lastExposureDay: '2026-03-31' });

describe('submitFeed: authority feeds applied by document hash', () => {
  test('a close-contact record turns a green resident red, stamped with the feed and the principal', async () => {
    const ports = testPorts(db, tableName);
    const doc = residentId();
    const { holderId, documentHash } = await registerResident(ports, doc, now, quietDeclaration);
    expect((await readHolderStatus(ports.store, holderId))?.color).toBe('green');

    const answer = await submitFeed(ports, { feedId: 'cc-1', type: 'close-contact', records: [closeContact(doc)] }, 'arn:aws:iam::1:user/cdc', now);
    expect(answer).toEqual({ feedId: 'cc-1', accepted: 1, rejected: [], affected: 1 });

    const status = await readHolderStatus(ports.store, holderId);
    expect(status).toMatchObject({ color: 'red', reasons: [{ code: 'close-contact' }] });
    const last = (await loadHistory(ports.store, holderId)).at(-1);
    expect(last).toMatchObject({ from: 'green', to: 'red', cause: { kind: 'feed', ref: 'cc-1' } });
    const records = await db.send(new QueryCommand({
      TableName: tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :rec)',
      ExpressionAttributeValues: { ':pk': `DOC#${documentHash}`, ':rec': 'REC#' },
    }));
    expect(records.Items).toHaveLength(1);
    expect(records.Items![0]).toMatchObject({ type: 'close-contact', day: '2026-03-31', feedId: 'cc-1', principal: 'arn:aws:iam::1:user/cdc' });
    // Stored pseudonymously: the document number is nowhere in the record.
    expect(JSON.stringify(records.Items)).not.toContain(doc);
  }, 120_000);

  test('a record for someone not yet registered is kept and applies at registration', async () => {
    const ports = testPorts(db, tableName);
    const doc = residentId();
    const answer = await submitFeed(ports, { feedId: 'cc-later', type: 'close-contact', records: [closeContact(doc)] }, 'cdc', now);
    expect(answer.affected).toBe(0);
    const { holderId } = await registerResident(ports, doc, new Date(now.getTime() + 3_600_000));
    expect((await readHolderStatus(ports.store, holderId))?.color).toBe('red');
  }, 120_000);

  test('replaying a feed id changes nothing; another body under the same id is a 409', async () => {
    const ports = testPorts(db, tableName);
    const doc = residentId();
    const { holderId } = await registerResident(ports, doc, now);
    const feed = { feedId: 'cc-replay', type: 'close-contact' as const, records: [closeContact(doc)] };
    const first = await submitFeed(ports, feed, 'cdc', now);
    const before = await readHolderStatus(ports.store, holderId);
    const sentBefore = ports.queue.sent.length;

    const again = await submitFeed(ports, feed, 'cdc', new Date(now.getTime() + 60_000));
    expect(again).toEqual(first);
    expect(ports.queue.sent.length).toBe(sentBefore);
    expect(await readHolderStatus(ports.store, holderId)).toEqual(before);
    expect(await loadHistory(ports.store, holderId)).toHaveLength(2);

    await expect(submitFeed(ports, { ...feed, records: [closeContact(residentId())] }, 'cdc', now)).rejects.toMatchObject({ status: 409 });
  }, 120_000);

  test('3 bad records out of 100: 97 applied, the 3 reported by index with Chinese reasons', async () => {
    const ports = testPorts(db, tableName);
    const records: unknown[] = Array.from({ length: 100 }, () => ({ documentType: 'resident-id', documentNumber: residentId(), at: '2026-04-01T08:00:00+08:00' }));
    const good = records[10] as { documentNumber: string };
    records[7] = { documentType: 'resident-id', documentNumber: '331102199003070011', at: '2026-04-01T08:00:00+08:00' };
    records[42] = { documentType: 'resident-id', documentNumber: residentId(), at: '2030-01-01T00:00:00+08:00' };
    records[99] = { documentType: 'resident-id', at: '2026-04-01T08:00:00+08:00' };
    const answer = await submitFeed(ports, { feedId: 'confirmed-100', type: 'confirmed', records }, 'cdc', now);
    expect(answer.accepted).toBe(97);
    expect(answer.rejected.map((r) => r.index)).toEqual([7, 42, 99]);
    for (const r of answer.rejected) expect(r.errors[0]!.message).toMatch(/[\u4e00-\u9fff]/);
    const badHash = await ports.documentHash('resident-id', '331102199003070011');
    const stored = await db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `DOC#${badHash}` } }));
    expect(stored.Items).toHaveLength(0);
    const goodHash = await ports.documentHash('resident-id', good.documentNumber);
    const kept = await db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `DOC#${goodHash}` } }));
    expect(kept.Items).toHaveLength(1);
    const receipt = await db.send(new GetCommand({ TableName: tableName, Key: keys.feed('confirmed-100') }));
    expect(receipt.Item).toMatchObject({ principal: 'cdc', type: 'confirmed' });
  }, 120_000);

  test('a 10,000-record feed is fanned out in chunks, not worked through in the request', async () => {
    const ports = testPorts(db, tableName, 'record-only');
    const records = Array.from({ length: 10_000 }, (_, i) => ({ documentType: 'resident-id', documentNumber: residentId(), at: '2026-04-01T08:00:00+08:00', result: i % 2 ? 'positive' : 'negative', sampledAt: '2026-03-31T08:00:00+08:00' }));
    const answer = await submitFeed(ports, { feedId: 'tests-10k', type: 'test-result', records }, 'cdc', now);
    expect(answer.accepted).toBe(10_000);
    const chunks = ports.queue.sent.filter((m) => m.kind === 'feed-chunk');
    expect(chunks).toHaveLength(10_000 / CHUNK_SIZE);
    expect(Math.max(...chunks.map((m) => (m.kind === 'feed-chunk' ? m.records.length : 0)))).toBeLessThanOrEqual(CHUNK_SIZE);
    // Nothing was stored by the request itself: storing and re-evaluating is the chunks' work.
    const some = chunks[0]!.kind === 'feed-chunk' ? chunks[0]!.records[0]!.documentHash : '';
    const stored = await db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `DOC#${some}` } }));
    expect(stored.Items).toHaveLength(0);
    // No document number travels in a message.
    expect(JSON.stringify(chunks)).not.toContain(records[0]!.documentNumber);
  }, 240_000);
});
