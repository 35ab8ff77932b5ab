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
import { OTHER_COUNTY } from '../core/console/dashboard';

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

// ---- Per county, and the days residents may turn green (keys.ts row 43) ----

/** The dashboard's county buckets: Lishui's counties by code, everyone else (another city, not declared yet) apart. */
export { OTHER_COUNTY };

export function countyBucket(county: unknown): string {
  return typeof county === 'string' && /^3311\d\d$/.test(county) && county !== '331100' ? county : OTHER_COUNTY;
}

export interface CountyStatusImage extends StatusImage {
  county?: unknown;
  clearance?: { earliestAt?: unknown } | null;
  evaluatedAt?: unknown;
}

export interface CountyTally {
  /** bucket → colour → residents now (added to the running totals). */
  total: Map<string, Record<Color, number>>;
  /** `bucket|day` → colour → net change that day. */
  net: Map<string, Record<Color, number>>;
  /** day → change in the residents not green whose earliest green day it is. */
  due: Map<string, number>;
}

/** The Asia/Shanghai day on which a non-green status may turn green at the earliest, if it says so. */
function dueDay(image: CountyStatusImage | undefined): string | undefined {
  if (!image || !isColor(image.color) || image.color === 'green') return undefined;
  const at = typeof image.clearance?.earliestAt === 'string' ? new Date(image.clearance.earliestAt) : undefined;
  return at && !Number.isNaN(at.getTime()) ? shanghaiDay(at) : undefined;
}

/**
 * Sums status changes per county bucket: a resident who changes colour or county moves from one
 * (bucket, colour) to another, counted on the day of the change; the due days move with the clearance.
 */
export function tallyCountyChanges(changes: readonly { old?: CountyStatusImage; next?: CountyStatusImage; at: Date }[]): CountyTally {
  const tally: CountyTally = { total: new Map(), net: new Map(), due: new Map() };
  const bump = (map: Map<string, Record<Color, number>>, key: string, colour: Color, by: number) => {
    const entry = map.get(key) ?? zero();
    entry[colour] += by;
    map.set(key, entry);
  };
  for (const { old, next, at } of changes) {
    const day = shanghaiDay(at);
    const from = isColor(old?.color) ? { bucket: countyBucket(old!.county), colour: old!.color as Color } : undefined;
    const to = isColor(next?.color) ? { bucket: countyBucket(next!.county), colour: next!.color as Color } : undefined;
    if (from?.bucket !== to?.bucket || from?.colour !== to?.colour) {
      if (from) {
        bump(tally.total, from.bucket, from.colour, -1);
        bump(tally.net, `${from.bucket}|${day}`, from.colour, -1);
      }
      if (to) {
        bump(tally.total, to.bucket, to.colour, 1);
        bump(tally.net, `${to.bucket}|${day}`, to.colour, 1);
      }
    }
    const [was, is] = [dueDay(old), dueDay(next)];
    if (was !== is) {
      if (was) tally.due.set(was, (tally.due.get(was) ?? 0) - 1);
      if (is) tally.due.set(is, (tally.due.get(is) ?? 0) + 1);
    }
  }
  return tally;
}

export async function addCountyCounts(db: DynamoDBDocumentClient, tableName: string, tally: CountyTally, batchId: string): Promise<void> {
  const digest = createHash('sha256').update(`county|${batchId}`).digest();
  const shard = digest.readUInt32BE(0) % COLOUR_SHARDS;
  const add = (key: { PK: string; SK: string }, counts: Record<Color, number>) => ({
    Update: { TableName: tableName, Key: key, UpdateExpression: 'ADD green :g, yellow :y, red :r', ExpressionAttributeValues: { ':g': counts.green, ':y': counts.yellow, ':r': counts.red } },
  });
  const items = [
    ...[...tally.total.entries()].map(([bucket, counts]) => add(keys.countyTotal(shard, bucket), counts)),
    ...[...tally.net.entries()].map(([key, counts]) => {
      const [bucket, day] = key.split('|') as [string, string];
      return add(keys.countyDay(shard, bucket, day), counts);
    }),
    ...[...tally.due.entries()]
      .filter(([, n]) => n !== 0)
      .map(([day, n]) => ({ Update: { TableName: tableName, Key: keys.colourDueDay(shard, day), UpdateExpression: 'ADD residents :n', ExpressionAttributeValues: { ':n': n } } })),
  ];
  for (let start = 0; start < items.length; start += 100) {
    await db.send(new TransactWriteCommand({ ClientRequestToken: createHash('sha256').update(digest).update(String(start)).digest('base64url').slice(0, 36), TransactItems: items.slice(start, start + 100) }));
  }
}

/** How far back "due today" looks: residents whose earliest day has passed but who are not green yet. */
export const DUE_LOOKBACK_DAYS = 14;

/**
 * The colour distribution per county bucket at the end of each of the last `days` days (today is
 * now), worked back from today's totals by the net changes of later days; and the residents who may
 * turn green today (earliest day today or already passed) and tomorrow. BatchGets by key only.
 */
export async function readCountyStats(db: DynamoDBDocumentClient, tableName: string, today: string, days: number, buckets: readonly string[]) {
  const dayList = Array.from({ length: days }, (_, i) => addDays(today, i - days + 1));
  const dueDays = Array.from({ length: DUE_LOOKBACK_DAYS + 1 }, (_, i) => addDays(today, i - DUE_LOOKBACK_DAYS + 1));
  const wanted = Array.from({ length: COLOUR_SHARDS }, (_, shard) => [
    ...buckets.map((b) => keys.countyTotal(shard, b)),
    ...buckets.flatMap((b) => dayList.slice(1).map((d) => keys.countyDay(shard, b, d))),
    ...dueDays.map((d) => keys.colourDueDay(shard, d)),
  ]).flat();
  const items = await batchGetAll(db, tableName, wanted, { concurrency: 2 });
  const totals = new Map(buckets.map((b) => [b, zero()]));
  const net = new Map<string, Record<Color, number>>();
  const due = new Map<string, number>();
  for (const item of items) {
    const sk = String(item.SK);
    if (sk.startsWith('DUE#')) {
      const day = sk.slice('DUE#'.length);
      due.set(day, (due.get(day) ?? 0) + Number(item.residents ?? 0));
      continue;
    }
    const target = sk.startsWith('CTOTAL#') ? totals.get(sk.slice('CTOTAL#'.length)) : (net.get(sk) ?? (net.set(sk, zero()), net.get(sk)!));
    if (!target) continue;
    for (const c of COLORS) target[c] += Number(item[c] ?? 0);
  }
  const counties = buckets.map((bucket) => {
    // End of today is now; the end of an earlier day is now less what changed on the days after it.
    let running = { ...totals.get(bucket)! };
    const series: { day: string; colours: Record<Color, number> }[] = [];
    for (let i = dayList.length - 1; i >= 0; i--) {
      series.unshift({ day: dayList[i]!, colours: { green: Math.max(0, running.green), yellow: Math.max(0, running.yellow), red: Math.max(0, running.red) } });
      const change = net.get(keys.countyDay(0, bucket, dayList[i]!).SK);
      if (change) running = { green: running.green - change.green, yellow: running.yellow - change.yellow, red: running.red - change.red };
    }
    return { county: bucket, days: series };
  });
  const tomorrow = addDays(today, 1);
  const dueToday = Math.max(0, dueDays.filter((d) => d <= today).reduce((n, d) => n + (due.get(d) ?? 0), 0));
  return { counties, dueToday, dueTomorrow: Math.max(0, due.get(tomorrow) ?? 0) };
}
