import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../../functions/adapters/keys';
import { sampleChains, verifyResidentChain, type MetricsSink } from '../../../../functions/core/authority/audit';
import { submitFeed } from '../../../../functions/core/authority/feeds';
import { privateTable, registerResident, residentId, testDb, testPorts, quietDeclaration } from '../../../support/authority-fixtures';

const db = testDb();
let tableName: string;
beforeAll(async () => {
  tableName = await privateTable(db, 'audit');
});

const now = new Date('2026-08-01T10:00:00+08:00');

function recorder(): MetricsSink & { values: Record<string, number>; flushed: number } {
  const sink = {
    values: {} as Record<string, number>,
    flushed: 0,
    count(name: string, value: number) {
      sink.values[name] = (sink.values[name] ?? 0) + value;
    },
    flush() {
      sink.flushed++;
    },
  };
  return sink;
}

describe('history chain audit', () => {
  test('an intact chain verifies; one rewritten history item is found, by the route use case and by the sample', async () => {
    const ports = testPorts(db, tableName);
    const doc = residentId();
    const { holderId } = await registerResident(ports, doc, now, quietDeclaration);
    await registerResident(ports, residentId(), now, quietDeclaration);
    await submitFeed(ports, { feedId: 'audit-1', type: 'confirmed', records: [{ documentType: 'resident-id', documentNumber: doc, at: '2026-08-01T09:00:00+08:00' }] }, 'cdc', now);

    expect(await verifyResidentChain(ports, { documentType: 'resident-id', documentNumber: doc })).toMatchObject({ intact: true, entries: 2 });
    const clean = recorder();
    expect(await sampleChains(ports, clean, 100)).toEqual({ checked: 2, broken: [] });
    expect(clean.values).toEqual({ HistoryChainsVerified: 2, HistoryChainBreaks: 0 });

    // Someone with table access rewrites the red entry as green.
    const history = await db.send(new QueryCommand({
      TableName: tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :h)',
      ExpressionAttributeValues: { ':pk': keys.status(holderId).PK, ':h': 'HIST#' },
    }));
    const redEntry = history.Items!.find((h) => h.to === 'red')!;
    await db.send(new UpdateCommand({ TableName: tableName, Key: { PK: redEntry.PK, SK: redEntry.SK }, UpdateExpression: 'SET #to = :g', ExpressionAttributeNames: { '#to': 'to' }, ExpressionAttributeValues: { ':g': 'green' } }));

    expect(await verifyResidentChain(ports, { documentType: 'resident-id', documentNumber: doc })).toMatchObject({ intact: false, brokenAt: 2 });
    const alarm = recorder();
    expect(await sampleChains(ports, alarm, 100)).toEqual({ checked: 2, broken: [holderId] });
    expect(alarm.values.HistoryChainBreaks).toBe(1);
    expect(alarm.flushed).toBe(1);
  }, 120_000);

  test('an unknown document is a 404', async () => {
    await expect(verifyResidentChain(testPorts(db, tableName), { documentType: 'resident-id', documentNumber: residentId() })).rejects.toMatchObject({ status: 404 });
  }, 120_000);
});
