/**
 * The scan log and the checkpoint counters in the single table.
 *
 * - Scan items (pattern 17): `INSPECTOR#<inspectorId>` / `SCAN#<ISO time>#<random id>`, with a TTL
 *   (default 30 days). They hold the checkpoint, kind, outcome, colour, a reason code, the masked
 *   holder and a keyed holder reference: nothing a leak would turn into a name or an ID number.
 *   One partition per inspector: an inspector scans at most a few items a second (rate-limited), so
 *   no partition of this pattern ever runs hot, however busy a checkpoint is.
 * - Counters (pattern 18): `STAT#<checkpoint>#<day>#<shard>` / `HOUR#<HH>`, with `pass`, `stop` and
 *   `invalid` bumped by ADD. The shard (random, 0..shards-1) is in the partition key, so a hot
 *   checkpoint's writes spread over `shards` partitions; a day's figures are `shards` Queries.
 */
import { PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { keys, ttlAfter } from './keys';
import { logger } from './logger';
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

function encodeCursor(sk: string): string {
  return Buffer.from(JSON.stringify({ s: sk }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown };
    if (typeof value?.s === 'string' && value.s.startsWith('SCAN#') && value.s.length <= 120) return value.s;
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
      const { day, hour } = shanghaiHour(entry.at);
      const scanWrite = db.send(
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
      const counterWrite = db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.checkpointStat(entry.checkpointId, day, randomInt(shards), hour),
          UpdateExpression: 'ADD #outcome :one',
          ExpressionAttributeNames: { '#outcome': entry.outcome },
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
      // Both writes go out together: the answer waits for one round trip, not two.
      const [scan, counter] = await Promise.allSettled([scanWrite, counterWrite]);
      // The scan item is the record the issue demands: without it there is no answer.
      if (scan.status === 'rejected') throw scan.reason;
      // The counter is a statistic: a lost increment must not turn a good scan into an error.
      if (counter.status === 'rejected') logger.warn('checkpoint counter not updated', { errorName: (counter.reason as Error)?.name });
    },

    async list(inspectorId: string, { checkpointId, since, limit, cursor }: ScanListOptions): Promise<ScanPage> {
      const prefix = keys.scanPrefix(inspectorId);
      const scans: ScanEntry[] = [];
      let startSk = cursor === undefined ? undefined : decodeCursor(cursor);
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
              ':from': since ? `${prefix.prefix}${since.toISOString()}` : prefix.prefix,
              ':to': `${prefix.prefix}\uffff`,
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
      return { scans, nextCursor: lastSk ? encodeCursor(lastSk) : undefined };
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
