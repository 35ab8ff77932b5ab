/**
 * The scan log and the checkpoint counters in the single table.
 *
 * - Scan items (pattern 17): `INSPECTOR#<inspectorId>` / `SCAN#<ISO time>#<random id>`, with a TTL
 *   (default 30 days). They hold the checkpoint, kind, outcome, colour, a reason code, the masked
 *   holder and a keyed holder reference: nothing a leak would turn into a name or an ID number.
 *   One partition per inspector: an inspector scans at most a few items a second (rate-limited), so
 *   no partition of this pattern ever runs hot, however busy a checkpoint is.
 * - Counters (pattern 18): `STAT#<checkpoint>#<day>#<shard>` / `HOUR#<HH>`, with `pass`, `stop` and
 *   `invalid` bumped by ADD. They are not written on the request path: the table's stream delivers
 *   new scan items in batches to functions/jobs/scan-stats.ts, which adds a whole batch's counts in
 *   one transaction (`addScanCounts`). The shard (0..shards-1, one per batch) is in the partition
 *   key, so concurrent batches of a hot checkpoint spread over `shards` partitions; a day's figures
 *   are `shards` Queries.
 */
import { PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { keys, ttlAfter } from './keys';
import { ValidationError } from '../core/errors';
import { shanghaiDay, startOfShanghaiDay } from '../../shared/time';
import type { Color } from '../../shared/rules/schema';
import type { Outcome } from '../../shared/api/inspector';
import type { HourCount, ScanEntry, ScanListOptions, ScanLog, ScanPage } from '../core/inspector/ports';

export const SCAN_TTL_SECONDS = 30 * 24 * 3600;
/** Counter shards per checkpoint and day; see docs/scale.md for the sizing. */
export const STAT_SHARDS = 8;

export interface ScanLogOptions {
  ttlSeconds?: number;
  shards?: number;
}

/** The Asia/Shanghai day and hour (00–23) of an instant. */
export function shanghaiHour(at: Date): { day: string; hour: string } {
  const day = shanghaiDay(at);
  const hour = Math.floor((at.getTime() - startOfShanghaiDay(day).getTime()) / 3_600_000);
  return { day, hour: String(hour).padStart(2, '0') };
}

const BAD_CURSOR = '翻页参数无效，请刷新列表后重试';

/** A cursor names the last key read and the query it belongs to, so it cannot be replayed on another. */
interface CursorQuery {
  checkpointId?: string;
  since?: Date;
}

function encodeCursor(sk: string, query: CursorQuery): string {
  return Buffer.from(JSON.stringify({ s: sk, c: query.checkpointId ?? '', f: query.since?.toISOString() ?? '' }), 'utf8').toString('base64url');
}

/**
 * The key a cursor resumes after. It must have been made by this query and lie inside its key range
 * (DynamoDB answers an ExclusiveStartKey outside the range with an error, not an empty page): a
 * hand-made cursor, or one reused with another `since` or checkpoint, is a Chinese 400.
 */
function decodeCursor(cursor: string, query: CursorQuery, range: { from: string; to: string }): string {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; c?: unknown; f?: unknown };
    const sk = value?.s;
    if (
      typeof sk === 'string' &&
      sk.length <= 120 &&
      sk > range.from &&
      sk < range.to &&
      value.c === (query.checkpointId ?? '') &&
      value.f === (query.since?.toISOString() ?? '')
    ) return sk;
  } catch {
    // fall through
  }
  throw new ValidationError(BAD_CURSOR, [{ path: 'query.cursor', message: BAD_CURSOR }]);
}

function toEntry(inspectorId: string, item: Record<string, unknown>): ScanEntry {
  return {
    inspectorId,
    checkpointId: String(item.checkpointId),
    kind: item.kind === 'manual' ? 'manual' : 'code',
    outcome: item.outcome as Outcome,
    at: new Date(String(item.at)),
    color: item.color as Color | undefined,
    reason: item.reason as string | undefined,
    holderRef: item.holderRef as string | undefined,
    maskedName: item.maskedName as string | undefined,
    maskedDocument: item.maskedDocument as string | undefined,
  };
}

export function dynamoScanLog(db: DynamoDBDocumentClient, tableName: string, options: ScanLogOptions = {}): ScanLog {
  const ttlSeconds = options.ttlSeconds ?? SCAN_TTL_SECONDS;
  const shards = options.shards ?? STAT_SHARDS;
  return {
    async record(entry: ScanEntry): Promise<void> {
      const at = entry.at.toISOString();
      // One PutItem, and the answer waits for nothing else. The checkpoint's hourly counters are
      // built from the table's stream (functions/jobs/scan-stats.ts), off the request path.
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.scan(entry.inspectorId, at, randomBytes(6).toString('base64url')),
            at,
            checkpointId: entry.checkpointId,
            kind: entry.kind,
            outcome: entry.outcome,
            color: entry.color,
            reason: entry.reason,
            holderRef: entry.holderRef,
            maskedName: entry.maskedName,
            maskedDocument: entry.maskedDocument,
            ...ttlAfter(entry.at, ttlSeconds),
          },
        }),
      );
    },

    async list(inspectorId: string, { checkpointId, since, limit, cursor }: ScanListOptions): Promise<ScanPage> {
      const prefix = keys.scanPrefix(inspectorId);
      const range = { from: since ? `${prefix.prefix}${since.toISOString()}` : prefix.prefix, to: `${prefix.prefix}\uffff` };
      const scans: ScanEntry[] = [];
      let startSk = cursor === undefined ? undefined : decodeCursor(cursor, { checkpointId, since }, range);
      let lastSk: string | undefined;
      // With a checkpoint filter a page of the index may hold few matches; read on a little.
      for (let round = 0; round < 5 && scans.length < limit; round++) {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
            ...(checkpointId ? { FilterExpression: 'checkpointId = :cp' } : {}),
            ExpressionAttributeValues: {
              ':pk': prefix.PK,
              ':from': range.from,
              ':to': range.to,
              ...(checkpointId ? { ':cp': checkpointId } : {}),
            },
            ScanIndexForward: false,
            Limit: limit - scans.length,
            ...(startSk ? { ExclusiveStartKey: { PK: prefix.PK, SK: startSk } } : {}),
          }),
        );
        for (const item of out.Items ?? []) {
          scans.push(toEntry(inspectorId, item));
          lastSk = String(item.SK);
        }
        const next = out.LastEvaluatedKey?.SK as string | undefined;
        if (!next) {
          lastSk = undefined;
          break;
        }
        startSk = next;
        lastSk = next;
      }
      return { scans, nextCursor: lastSk ? encodeCursor(lastSk, { checkpointId, since }) : undefined };
    },

    async hourlyCounts(checkpointId: string, day: string): Promise<HourCount[]> {
      const byHour = new Map<string, HourCount>();
      const pages = await Promise.all(
        Array.from({ length: shards }, async (_, shard) => {
          const prefix = keys.checkpointStatShard(checkpointId, day, shard);
          const out = await db.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
              ExpressionAttributeValues: { ':pk': prefix.PK, ':prefix': prefix.prefix },
            }),
          );
          return out.Items ?? [];
        }),
      );
      for (const item of pages.flat()) {
        const hour = String(item.SK).slice('HOUR#'.length);
        const count = byHour.get(hour) ?? { hour, pass: 0, stop: 0, invalid: 0 };
        count.pass += Number(item.pass ?? 0);
        count.stop += Number(item.stop ?? 0);
        count.invalid += Number(item.invalid ?? 0);
        byHour.set(hour, count);
      }
      return [...byHour.values()].sort((a, b) => a.hour.localeCompare(b.hour));
    },
  };
}

/**
 * The holder reference a scan item keeps: HMAC-SHA256 under the lookup key of the holder's document
 * hash, 128 bits as hex. Without the key a leaked scan log names nobody; with it, the authority can
 * find one person's scans (contact tracing) from their document, registered or not.
 */
export function scanHolderRef(lookupKey: string, documentHash: string): string {
  return createHmac('sha256', Buffer.from(lookupKey, 'base64url')).update(`scan|${documentHash}`).digest('hex').slice(0, 32);
}

/** One checkpoint-hour's counts from a batch of scans. */
export interface ScanCount {
  checkpointId: string;
  day: string;
  hour: string;
  pass: number;
  stop: number;
  invalid: number;
}

const OUTCOMES: readonly Outcome[] = ['pass', 'stop', 'invalid'];

/**
 * Sums scans per checkpoint and Asia/Shanghai hour. Entries that are not scans as the log writes
 * them (no checkpoint, an unknown outcome, an unreadable time) are skipped, never guessed at.
 */
export function tallyScans(scans: Iterable<{ checkpointId?: unknown; outcome?: unknown; at?: unknown }>): ScanCount[] {
  const byKey = new Map<string, ScanCount>();
  for (const scan of scans) {
    if (typeof scan.checkpointId !== 'string' || !OUTCOMES.includes(scan.outcome as Outcome) || typeof scan.at !== 'string') continue;
    const at = new Date(scan.at);
    if (Number.isNaN(at.getTime())) continue;
    const { day, hour } = shanghaiHour(at);
    const key = `${scan.checkpointId}|${day}|${hour}`;
    const count = byKey.get(key) ?? { checkpointId: scan.checkpointId, day, hour, pass: 0, stop: 0, invalid: 0 };
    count[scan.outcome as Outcome] += 1;
    byKey.set(key, count);
  }
  return [...byKey.values()];
}

/** DynamoDB takes at most 100 items per transaction. */
const TRANSACTION_ITEMS = 100;

/**
 * Adds a batch's counts to the hourly counters, one transaction per 100 checkpoint-hours.
 * `batchId` names the delivery (the stream records' event ids): it picks the shard and, through the
 * transaction's ClientRequestToken, makes a redelivery of the same batch within DynamoDB's
 * ten-minute idempotency window a no-op instead of a double count.
 */
export async function addScanCounts(
  db: DynamoDBDocumentClient,
  tableName: string,
  counts: readonly ScanCount[],
  batchId: string,
  shards = STAT_SHARDS,
): Promise<void> {
  const digest = createHash('sha256').update(batchId).digest();
  const shard = digest.readUInt32BE(0) % shards;
  // Each checkpoint-hour is added twice: under its checkpoint (row 18) and under its day (row 42, the
  // dashboard's view of every checkpoint at once), so a transaction holds half as many counts.
  const perTransaction = TRANSACTION_ITEMS / 2;
  const add = (Key: { PK: string; SK: string }, c: ScanCount) => ({
    Update: {
      TableName: tableName,
      Key,
      UpdateExpression: 'ADD #pass :pass, #stop :stop, #invalid :invalid',
      ExpressionAttributeNames: { '#pass': 'pass', '#stop': 'stop', '#invalid': 'invalid' },
      ExpressionAttributeValues: { ':pass': c.pass, ':stop': c.stop, ':invalid': c.invalid },
    },
  });
  for (let start = 0; start < counts.length; start += perTransaction) {
    const chunk = counts.slice(start, start + perTransaction);
    const token = createHash('sha256').update(digest).update(String(start)).digest('base64url').slice(0, 36);
    await db.send(
      new TransactWriteCommand({
        ClientRequestToken: token,
        TransactItems: chunk.flatMap((c) => [add(keys.checkpointStat(c.checkpointId, c.day, shard, c.hour), c), add(keys.scansOfDay(c.day, shard, c.checkpointId, c.hour), c)]),
      }),
    );
  }
}

/** Every checkpoint's counts per hour of one Asia/Shanghai day (row 42): one Query per shard. */
export async function dayScanCounts(db: DynamoDBDocumentClient, tableName: string, day: string, shards = STAT_SHARDS): Promise<(HourCount & { checkpointId: string })[]> {
  const byKey = new Map<string, HourCount & { checkpointId: string }>();
  await Promise.all(
    Array.from({ length: shards }, async (_, shard) => {
      const prefix = keys.scansOfDayShard(day, shard);
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)', ExpressionAttributeValues: { ':pk': prefix.PK, ':prefix': prefix.prefix }, ExclusiveStartKey }),
        );
        for (const item of out.Items ?? []) {
          const rest = String(item.SK).slice('CP#'.length);
          const cut = rest.lastIndexOf('#');
          const checkpointId = rest.slice(0, cut);
          const hour = rest.slice(cut + 1);
          const key = `${checkpointId}#${hour}`;
          const count = byKey.get(key) ?? { checkpointId, hour, pass: 0, stop: 0, invalid: 0 };
          count.pass += Number(item.pass ?? 0);
          count.stop += Number(item.stop ?? 0);
          count.invalid += Number(item.invalid ?? 0);
          byKey.set(key, count);
        }
        ExclusiveStartKey = out.LastEvaluatedKey as Record<string, unknown> | undefined;
      } while (ExclusiveStartKey);
    }),
  );
  return [...byKey.values()].sort((a, b) => a.checkpointId.localeCompare(b.checkpointId) || a.hour.localeCompare(b.hour));
}
