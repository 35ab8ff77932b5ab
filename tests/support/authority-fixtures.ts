/**
 * Fixtures of the authority tests: a private table in DynamoDB Local (so a test that moves
 * the global ACTIVE ruleset or the CURRENT risk areas disturbs no other test file), the live ports on
 * it with the inline queue, valid resident ID numbers, and registered residents made through
 * holder-state (never by writing a status item).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamo';
import { documentHashWithKey } from '../../functions/adapters/document-hash';
import { keys } from '../../functions/adapters/keys';
import { inlineQueue, type WorkQueue } from '../../functions/adapters/queue';
import { applyHolderChange, newHolderId, type DeclarationInput } from '../../functions/core/holder-state';
import type { AuthorityPorts, WorkMessage } from '../../functions/core/authority/work';
import { generateResidentIdCheckDigit } from '../../shared/identity';
import { rulesetV1 } from '../../shared/rules/schema';
import { ensureTable } from '../../scripts/lib/table-admin';
import { authorityPortsWith } from '../../functions/wiring/authority';

export function testDb(): DynamoDBDocumentClient {
  return createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
}

/** A fresh table with the production shape, for one test file. */
export async function privateTable(db: DynamoDBDocumentClient, label: string): Promise<string> {
  const name = `authority-${label}-${randomBytes(4).toString('hex')}`;
  await ensureTable(db, name, { stream: false });
  return name;
}

export function lookupKey(): string {
  return (JSON.parse(process.env.SECRETS_JSON ?? '{}') as { lookupKey: string }).lookupKey;
}

/** Every message sent, in order, whatever the queue does with them. */
export interface RecordingQueue extends WorkQueue<WorkMessage> {
  sent: WorkMessage[];
}

/**
 * The live ports on `tableName`: holder-state's re-evaluation, the real document hash, and the inline
 * queue (every message processed before `send` resolves), or a queue that only records.
 */
export type TestPorts = AuthorityPorts & { queue: RecordingQueue; table: { db: DynamoDBDocumentClient; tableName: string } };

export function testPorts(db: DynamoDBDocumentClient, tableName: string, mode: 'inline' | 'record-only' = 'inline'): TestPorts {
  const sent: WorkMessage[] = [];
  const key = lookupKey();
  const ports = authorityPortsWith(db, tableName, {
    queue: (processMessage) => {
      const inline = inlineQueue<WorkMessage>(processMessage);
      return {
        sent,
        inline: mode === 'inline',
        async send(messages) {
          sent.push(...messages);
          if (mode === 'inline') await inline.send(messages);
        },
      } satisfies RecordingQueue;
    },
    documentHash: async (type, number) => documentHashWithKey(key, type, number),
  });
  return { ...ports, queue: ports.queue as RecordingQueue, table: { db, tableName } };
}

/** A valid 18-character resident ID (居民身份证号) with a random birth date and sequence. */
export function residentId(county = '331102'): string {
  const year = 1950 + randomInt(55);
  const month = 1 + randomInt(12);
  const day = 1 + randomInt(28);
  const first17 = `${county}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(randomInt(1000)).padStart(3, '0')}`;
  return first17 + generateResidentIdCheckDigit(first17);
}

export const quietDeclaration: DeclarationInput = { region: '331102', travel: [], symptoms: [], contactWithCase: false };

/**
 * Registers a resident the way the profile route does: the document binding, then holder-state's
 * registration (which reads any authority records already filed under the document hash), and
 * optionally a first declaration.
 */
export async function registerResident(
  ports: TestPorts,
  documentNumber: string,
  now: Date,
  declaration?: DeclarationInput,
): Promise<{ holderId: string; documentHash: string }> {
  const { db, tableName } = ports.table;
  const holderId = newHolderId();
  const documentHash = await ports.documentHash('resident-id', documentNumber);
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.documentBinding(documentHash), holderId, accountId: holderId } }));
  await applyHolderChange(ports.store, holderId, {
    cause: { kind: 'registration' },
    register: { holder: { maskedName: '测*', maskedDocument: `${documentNumber.slice(0, 1)}****************${documentNumber.slice(-1)}` }, documentHash, accountId: holderId },
  }, now);
  if (declaration) await applyHolderChange(ports.store, holderId, { cause: { kind: 'declaration' }, declaration }, now);
  return { holderId, documentHash };
}

/**
 * The roll-out tests' timeline (tests/integration/core/authority/rulesets.test.ts and
 * tests/integration/core/console-ruleset-proposals.test.ts): `stricter` is 1.1.0, where a stay in a
 * medium-risk area is red instead of yellow from 2 July; `now` is the day before, `hours(h)` after it.
 */
const rolloutNow = new Date('2026-07-01T10:00:00+08:00');
export const rollout = {
  now: rolloutNow,
  hours: (h: number): Date => new Date(rolloutNow.getTime() + h * 3_600_000),
  stricter: {
    ...rulesetV1,
    version: '1.1.0',
    effectiveFrom: '2026-07-02T00:00:00+08:00',
    triggers: { ...rulesetV1.triggers, 'medium-risk-stay': { ...rulesetV1.triggers['medium-risk-stay'], color: 'red' as const } },
  },
};
