/**
 * "Re-evaluation cost follows the feed, not the table": the same 1,000-record close-contact feed,
 * applied end to end (validation, hashing, the fan-out through the inline queue, storing the records,
 * the binding lookups and 1,000 holder-state re-evaluations) to a table of 10,000 residents and to one
 * of 100,000, in a DynamoDB Local this bench starts itself. Rounds alternate between the two tables so
 * machine noise hits both; the ratio of the medians is the figure. Goal ≤ 1.3.
 *
 * Seeding: the 1,000 people the feed names are registered through holder-state (the only way a status
 * is ever written); the other residents are their document bindings (DOC#<hash>/BIND), written with
 * BatchWriteItem: the items a feed's lookups could hit.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BenchRow } from './row';
import { startDynamoDbLocal } from '../lib/dynamodb-local';
import { ensureTable } from '../lib/table-admin';
import { createDocumentClient } from '../../functions/adapters/dynamo';
import { documentHashWithKey } from '../../functions/adapters/document-hash';
import { keys } from '../../functions/adapters/keys';
import { inlineQueue } from '../../functions/adapters/queue';
import { applyHolderChange, newHolderId } from '../../functions/core/holder-state';
import { submitFeed } from '../../functions/core/authority/feeds';
import { mapLimit, type AuthorityPorts, type WorkMessage } from '../../functions/core/authority/work';
import { batchPutAll } from '../../functions/adapters/dynamodb/batch-write';
import { authorityPortsWith } from '../../functions/wiring/authority';
import { generateResidentIdCheckDigit } from '../../shared/identity';
import { holderStore } from '../../functions/wiring/holders';

const FEED_SIZE = 1_000;
const SMALL = 10_000;
const LARGE = 100_000;
const ROUNDS = 3;
const WARMUP_RECORDS = 100;

function residentId(): string {
  const first17 = `331102${1950 + randomInt(55)}${String(1 + randomInt(12)).padStart(2, '0')}${String(1 + randomInt(28)).padStart(2, '0')}${String(randomInt(1000)).padStart(3, '0')}`;
  return first17 + generateResidentIdCheckDigit(first17);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The authority side on the bench's own table: the inline queue, and the hash with the stack's lookup key. */
function ports(db: DynamoDBDocumentClient, tableName: string, lookupKey: string): AuthorityPorts {
  return authorityPortsWith(db, tableName, {
    queue: (processMessage) => inlineQueue<WorkMessage>(processMessage),
    documentHash: async (type, number) => documentHashWithKey(lookupKey, type, number),
  });
}

/** A table with `residents` residents, `named` of them registered through holder-state. */
async function seedTable(db: DynamoDBDocumentClient, tableName: string, lookupKey: string, named: string[], residents: number, now: Date): Promise<void> {
  await ensureTable(db, tableName, { stream: false });
  await mapLimit(named, 16, async (documentNumber) => {
    const holderId = newHolderId();
    const documentHash = documentHashWithKey(lookupKey, 'resident-id', documentNumber);
    await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.documentBinding(documentHash), holderId, accountId: holderId } }));
    await applyHolderChange(holderStore(db, tableName), holderId, {
      cause: { kind: 'registration' },
      register: { holder: { maskedName: '测*', maskedDocument: '3*****************' }, documentHash, accountId: holderId },
    }, now);
  });
  const others = Array.from({ length: residents - named.length }, () => {
    const holderId = newHolderId();
    return { ...keys.documentBinding(randomBytes(32).toString('hex')), holderId, accountId: holderId };
  });
  await batchPutAll(db, tableName, others, 16);
}

export async function benchFeeds(): Promise<BenchRow[]> {
  const dynamo = await startDynamoDbLocal({});
  try {
    const db = createDocumentClient({ endpoint: dynamo.endpoint, requestTimeoutMs: 30_000, maxAttempts: 5 });
    const lookupKey = randomBytes(32).toString('base64url');
    const now = new Date();
    const named = Array.from({ length: FEED_SIZE }, residentId);
    const small = `feeds-bench-${SMALL}`;
    const large = `feeds-bench-${LARGE}`;
    const seedStart = performance.now();
    await seedTable(db, small, lookupKey, named, SMALL, now);
    await seedTable(db, large, lookupKey, named, LARGE, now);
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const records = named.map((documentNumber) => ({ documentType: 'resident-id', documentNumber, at: new Date(now.getTime() - 3_600_000).toISOString(), lastExposureDay: new Date(now.getTime() - 86_400_000 * 2).toISOString().slice(0, 10) }));
    const apply = async (tableName: string, round: number, feed = records): Promise<number> => {
      const p = ports(db, tableName, lookupKey);
      // Each round is a new feed id: the same records applied again, every holder re-evaluated.
      const t0 = performance.now();
      const answer = await submitFeed(p, { feedId: `bench-${round}`, type: 'close-contact', records: feed }, 'bench', new Date(now.getTime() + round * 60_000));
      const ms = performance.now() - t0;
      if (answer.accepted !== feed.length || answer.affected !== feed.length) throw new Error(`feed applied ${answer.accepted}/${answer.affected}`);
      return ms;
    };
    // Warm-up on both tables (JIT, connections, DynamoDB Local's caches) with a tenth of the feed.
    await apply(small, 0, records.slice(0, WARMUP_RECORDS));
    await apply(large, 0, records.slice(0, WARMUP_RECORDS));
    const times: Record<string, number[]> = { [small]: [], [large]: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 ? [small, large] : [large, small];
      for (const table of order) times[table]!.push(await apply(table, round));
    }
    const a = median(times[small]!);
    const b = median(times[large]!);
    return [
      { name: `1,000-record feed, ${SMALL.toLocaleString('en')} residents`, value: `${(a / 1000).toFixed(2)} s (median of ${ROUNDS})` },
      { name: `1,000-record feed, ${LARGE.toLocaleString('en')} residents`, value: `${(b / 1000).toFixed(2)} s (median of ${ROUNDS})` },
      { name: 'ratio 100k / 10k', value: (b / a).toFixed(2), note: 'goal ≤ 1.3' },
      { name: 'per re-evaluated resident', value: `${(a / FEED_SIZE).toFixed(2)} ms / ${(b / FEED_SIZE).toFixed(2)} ms` },
      { name: 'seeding both tables (not timed above)', value: `${seedSeconds.toFixed(1)} s` },
    ];
  } finally {
    await dynamo.stop();
  }
}
