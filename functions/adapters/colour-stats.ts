/**
 * Colour counters for the console's dashboard (keys.ts row 31), summed from the table's stream: each
 * status item's colour change moves one resident from one total to another and counts an entry into
 * the new colour on that Asia/Shanghai day. A batch adds its sums in one transaction on one shard
 * (chosen by the batch id, whose token also makes a retried batch count once); reads are one Query
 * per shard, never a scan.
 */
import { createHash } from 'node:crypto';
import { batchGetAll } from './dynamodb/batch-get';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys';
import { COLORS, type Color } from '../../shared/rules/schema';
import { addDays, shanghaiDay } from '../../shared/time';

export const COLOUR_SHARDS = 4;

export interface StatusImage {
  color?: unknown;
}

export interface ColourTally {
  total: Record<Color, number>;
  /** day → colour → entries */
  entered: Map<string, Record<Color, number>>;
}

const isColor = (c: unknown): c is Color => (COLORS as readonly unknown[]).includes(c);
const zero = (): Record<Color, number> => ({ green: 0, yellow: 0, red: 0 });

/** Sums status changes: `old` absent for a new resident, `next` absent for a removed one. */
export function tallyColourChanges(changes: readonly { old?: StatusImage; next?: StatusImage; at: Date }[]): ColourTally {
  const tally: ColourTally = { total: zero(), entered: new Map() };
  for (const { old, next, at } of changes) {
    const from = isColor(old?.color) ? old.color : undefined;
    const to = isColor(next?.color) ? next.color : undefined;
    if (from === to) continue;
    if (from) tally.total[from]--;
    if (to) {
      tally.total[to]++;
      const day = shanghaiDay(at);
      const entry = tally.entered.get(day) ?? zero();
      entry[to]++;
      tally.entered.set(day, entry);
    }
  }
  return tally;
}

export async function addColourCounts(db: DynamoDBDocumentClient, tableName: string, tally: ColourTally, batchId: string): Promise<void> {
  const digest = createHash('sha256').update(batchId).digest();
  const shard = digest.readUInt32BE(0) % COLOUR_SHARDS;
  const add = (key: { PK: string; SK: string }, counts: Record<Color, number>) => ({
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: 'ADD green :g, yellow :y, red :r',
      ExpressionAttributeValues: { ':g': counts.green, ':y': counts.yellow, ':r': counts.red },
    },
  });
  const items = [add(keys.colourTotal(shard), tally.total), ...[...tally.entered.entries()].map(([day, counts]) => add(keys.colourDay(shard, day), counts))];
  // At most 100 items per transaction; a batch spans a few days at most.
  for (let start = 0; start < items.length; start += 100) {
    await db.send(new TransactWriteCommand({ ClientRequestToken: createHash('sha256').update(digest).update(String(start)).digest('base64url').slice(0, 36), TransactItems: items.slice(start, start + 100) }));
  }
}

/** Totals now and the entries per day for the last `days` days (today included). */
export async function readColourStats(db: DynamoDBDocumentClient, tableName: string, today: string, days: number) {
  const dayList = Array.from({ length: days }, (_, i) => addDays(today, i - days + 1));
  const wanted = Array.from({ length: COLOUR_SHARDS }, (_, shard) => [keys.colourTotal(shard), ...dayList.map((d) => keys.colourDay(shard, d))]).flat();
  const items = await batchGetAll(db, tableName, wanted);
  const total = zero();
  const byDay = new Map(dayList.map((d) => [d, zero()]));
  for (const item of items) {
    const target = item.SK === 'TOTAL' ? total : byDay.get(String(item.SK).slice('DAY#'.length));
    if (!target) continue;
    for (const c of COLORS) target[c] += Number(item[c] ?? 0);
  }
  return { total, days: dayList.map((day) => ({ day, entered: byDay.get(day)! })) };
}
