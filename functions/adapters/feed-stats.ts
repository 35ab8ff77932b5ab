/**
 * Feeds and their effects for the console's dashboard (keys.ts row 44), summed from the table's stream:
 * a feed receipt that gets its answer (functions/core/authority/feeds.ts `completeFeed`) gives the
 * feed's type, records and the people it re-evaluated; each colour-history entry caused by a feed
 * whose colour differs from the one before adds one colour change to that feed. No names: the
 * principal stays in the feed receipt and the decision log.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { TransactWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from './dynamodb/batch-get';
import { keys } from './keys';
import { COLORS, type Color } from '../../shared/rules/schema';
import { addDays, shanghaiDay } from '../../shared/time';

export interface FeedCompletion {
  feedId: string;
  type: string;
  at: string;
  records: number;
  people: number;
  rejected: number;
}

export interface FeedTally {
  completions: Map<string, FeedCompletion>;
  /** feedId → colour it turned people to → count. */
  changes: Map<string, Record<Color, number>>;
}

const isColor = (c: unknown): c is Color => (COLORS as readonly unknown[]).includes(c);

/** A receipt's answer (gzip JSON, or already bytes of it) as counts; undefined when it cannot be read. */
export function answerCounts(answer: unknown): { accepted: number; affected: number; rejected: number } | undefined {
  try {
    const bytes = answer instanceof Uint8Array ? answer : undefined;
    if (!bytes) return undefined;
    const parsed = JSON.parse(gunzipSync(bytes).toString('utf8')) as { accepted?: unknown; affected?: unknown; rejected?: unknown };
    return { accepted: Number(parsed.accepted ?? 0) || 0, affected: Number(parsed.affected ?? 0) || 0, rejected: Array.isArray(parsed.rejected) ? parsed.rejected.length : 0 };
  } catch {
    return undefined;
  }
}

/** Stream images (unmarshalled) → what the counters add. */
export function tallyFeedEvents(events: readonly { sk: string; eventName?: string; old?: Record<string, unknown>; next?: Record<string, unknown> }[]): FeedTally {
  const tally: FeedTally = { completions: new Map(), changes: new Map() };
  for (const { sk, eventName, old, next } of events) {
    if (sk === 'FEED' && next?.answer !== undefined && old?.answer === undefined && typeof next.feedId === 'string') {
      const counts = answerCounts(next.answer);
      if (!counts) continue;
      tally.completions.set(next.feedId, {
        feedId: next.feedId,
        type: String(next.type ?? ''),
        at: typeof next.receivedAt === 'string' ? next.receivedAt : new Date().toISOString(),
        records: counts.accepted,
        people: counts.affected,
        rejected: counts.rejected,
      });
    } else if (sk.startsWith('HIST#') && eventName === 'INSERT' && next) {
      const cause = next.cause as { kind?: unknown; ref?: unknown } | undefined;
      if (cause?.kind !== 'feed' || typeof cause.ref !== 'string' || !isColor(next.to) || next.from === next.to) continue;
      const entry = tally.changes.get(cause.ref) ?? { green: 0, yellow: 0, red: 0 };
      entry[next.to]++;
      tally.changes.set(cause.ref, entry);
    }
  }
  return tally;
}

export async function addFeedCounts(db: DynamoDBDocumentClient, tableName: string, tally: FeedTally, batchId: string): Promise<void> {
  const digest = createHash('sha256').update(`feeds|${batchId}`).digest();
  const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [];
  for (const feedId of new Set([...tally.completions.keys(), ...tally.changes.keys()])) {
    const done = tally.completions.get(feedId);
    const changes = tally.changes.get(feedId);
    const sets: string[] = [];
    const adds: string[] = [];
    const values: Record<string, unknown> = {};
    const names: Record<string, string> = {};
    if (done) {
      sets.push('#type = :type', '#at = :at', 'records = :records', 'people = :people', 'rejected = :rejected');
      Object.assign(names, { '#type': 'type', '#at': 'at' });
      Object.assign(values, { ':type': done.type, ':at': done.at, ':records': done.records, ':people': done.people, ':rejected': done.rejected });
    }
    if (changes) {
      adds.push('toGreen :g', 'toYellow :y', 'toRed :r');
      Object.assign(values, { ':g': changes.green, ':y': changes.yellow, ':r': changes.red });
    }
    items.push({
      Update: {
        TableName: tableName,
        Key: keys.feedStat(feedId),
        UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', adds.length ? `ADD ${adds.join(', ')}` : ''].filter(Boolean).join(' '),
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      },
    });
    if (done) items.push({ Put: { TableName: tableName, Item: { ...keys.feedsOfDay(shanghaiDay(new Date(done.at)), feedId), feedId } } });
  }
  for (let start = 0; start < items.length; start += 100) {
    await db.send(new TransactWriteCommand({ ClientRequestToken: createHash('sha256').update(digest).update(String(start)).digest('base64url').slice(0, 36), TransactItems: items.slice(start, start + 100) }));
  }
}

/** The feeds completed in the last `days` days, newest first (at most 50), with their effects. */
export async function readFeedStats(db: DynamoDBDocumentClient, tableName: string, today: string, days: number) {
  const dayList = Array.from({ length: days }, (_, i) => addDays(today, -i));
  const ids = (
    await Promise.all(
      dayList.map(async (day) => {
        const prefix = keys.feedsOfDayPrefix(day);
        const out = await db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': prefix.PK, ':p': prefix.prefix }, Limit: 200 }));
        return (out.Items ?? []).map((i) => String(i.feedId));
      }),
    )
  ).flat();
  const items = await batchGetAll(db, tableName, ids.map((id) => keys.feedStat(id)));
  const feeds = items
    .filter((i) => typeof i.at === 'string')
    .map((i) => {
      const colours = { green: Number(i.toGreen ?? 0), yellow: Number(i.toYellow ?? 0), red: Number(i.toRed ?? 0) };
      return {
        feedId: String(i.PK).slice('STAT#FEED#'.length).slice(0, 128),
        type: String(i.type).slice(0, 40),
        at: String(i.at),
        records: Number(i.records ?? 0),
        people: Number(i.people ?? 0),
        colourChanges: colours.green + colours.yellow + colours.red,
        turned: colours,
      };
    })
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, 50);
  return { feeds };
}
