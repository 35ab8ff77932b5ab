/**
 * The officials' decision log read while another official's decision is being written (DynamoDB
 * Local, a private table): the list and its head are one moment's, so a decision appended between
 * the two reads never shows as a broken chain; an entry edited or planted behind the log still does.
 */
import { PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoProposalStore } from '../../../functions/adapters/console-store';
import { keys } from '../../../functions/adapters/keys';
import { chainAuditEntry, verifyAuditChain, type AuditContent } from '../../../functions/core/console/audit-chain';
import { privateTable, testDb } from '../../support/authority-fixtures';

const db = testDb();
let tableName: string;
beforeAll(async () => {
  tableName = await privateTable(db, 'console-audit-log');
});

const content = (n: number): AuditContent => ({ at: new Date(Date.UTC(2026, 5, 1, 8, n)).toISOString(), action: 'person-lookup', proposalId: `LK-${n}`, proposer: { id: 'sandbox:demo-viewer', name: '演示查看员' }, lookup: { maskedDocument: '3311**********0011', reason: `12345工单${n}`, found: false } });

/** The table's client, but the first read of the log lets `meanwhile` commit before it answers. */
function interleaving(meanwhile: () => Promise<void>): DynamoDBDocumentClient {
  let done = false;
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: unknown) => {
        const out = await target.send(command as never);
        if (!done && command instanceof QueryCommand && command.input.ExpressionAttributeValues?.[':pk'] === 'OFFAUDIT') {
          done = true;
          await meanwhile();
        }
        return out;
      };
    },
  });
}

test('a decision appended while the log is read leaves the chain intact; an edited or planted entry breaks it', async () => {
  const store = dynamoProposalStore(db, tableName);
  for (let n = 1; n <= 3; n++) await store.append((head) => chainAuditEntry(head, content(n)));

  const reader = dynamoProposalStore(interleaving(() => store.append((head) => chainAuditEntry(head, content(4)))), tableName);
  const read = await reader.auditLog();
  expect(verifyAuditChain(read.entries, read.head)).toEqual({ intact: true, entries: 4 });
  expect(read.head.seq).toBe(4);

  // Tampering still shows: an entry edited in place, then (restored) one planted past the head.
  await db.send(new UpdateCommand({ TableName: tableName, Key: keys.officialAudit(2), UpdateExpression: 'SET proposalId = :p', ExpressionAttributeValues: { ':p': 'LK-edited' } }));
  const edited = await store.auditLog();
  expect(verifyAuditChain(edited.entries, edited.head)).toEqual({ intact: false, brokenAt: 2, entries: 4 });
  await db.send(new UpdateCommand({ TableName: tableName, Key: keys.officialAudit(2), UpdateExpression: 'SET proposalId = :p', ExpressionAttributeValues: { ':p': 'LK-2' } }));
  const planted = chainAuditEntry(read.head, content(5));
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.officialAudit(5), ...planted } }));
  const withPlant = await store.auditLog();
  expect(verifyAuditChain(withPlant.entries, withPlant.head)).toEqual({ intact: false, brokenAt: 6, entries: 5 });
});
