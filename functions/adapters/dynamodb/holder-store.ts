/**
 * The holder store on the single table: the reads a change needs and the one transaction that
 * writes it (functions/core/holder-state.ts plans the change; this file only stores it).
 */
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../../../shared/time';
import type { CheckinFacts, RiskAreaFacts } from '../../../shared/rules/engine';
import { parseRuleset, rulesetV1, type Ruleset } from '../../../shared/rules/schema';
import { readCheckins, readDeclaration } from '../../core/facts';
import {
  CHECKIN_WINDOW_DAYS,
  MAX_DECLARATIONS,
  type HistoryEntry,
  type HolderStore,
  type HolderWrite,
  type StoredDeclaration,
  type StoredStatus,
} from '../../core/holder-state';
import { WriteConflict } from '../../core/store-errors';
import { keys, parseKey, reviewIndexAttributes, stayIndexAttributes } from '../keys';
import { cancelledConditions } from './errors';
import { prefixQuery, queryAll } from './query';

export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Items read per partition at most where nothing else bounds it (check-ins, a document's items, stays). */
const PARTITION_LIMIT = 1000;

const EMPTY_AREAS: readonly RiskAreaFacts[] = Object.freeze([]);
// Risk-area lists are versioned and immutable per version: memoising the parsed list by version lets
// the engine's own memo (by object identity) work across requests. A new version is simply a new key.
const areaMemo = new Map<string, readonly RiskAreaFacts[]>();
const rulesetMemo = new Map<string, Ruleset>();

function rulesetFromDocument(document: unknown): Ruleset | undefined {
  const doc = typeof document === 'string' ? safeJson(document) : document;
  const version = (doc as { version?: unknown } | undefined)?.version;
  if (typeof version === 'string' && rulesetMemo.has(version)) return rulesetMemo.get(version);
  const parsed = parseRuleset(doc);
  if (!parsed.success) return undefined;
  rulesetMemo.set(parsed.data.version, parsed.data);
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The table item of one planned write. */
export function transactItem(tableName: string, write: HolderWrite): TransactItem {
  switch (write.kind) {
    case 'declaration':
      return { Put: { TableName: tableName, Item: { ...keys.declaration(write.holderId, write.id), ...write.facts, at: write.at }, ConditionExpression: 'attribute_not_exists(PK)' } };
    case 'stay':
      return { Put: { TableName: tableName, Item: { ...keys.stay(write.holderId, write.region, write.day), ...stayIndexAttributes(write.region, write.day), holderId: write.holderId } } };
    case 'drop-stay':
      return { Delete: { TableName: tableName, Key: keys.stay(write.holderId, write.region, write.day) } };
    case 'withdraw-declared':
      return {
        Update: {
          TableName: tableName,
          Key: keys.declaration(write.holderId, write.declarationId),
          UpdateExpression: 'SET withdrawn = :w, withdrawnBy = list_append(if_not_exists(withdrawnBy, :none), :by)',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':w': write.withdrawn, ':none': [], ':by': [write.by] },
        },
      };
    case 'withdraw-record':
      return {
        Put: {
          TableName: tableName,
          Item: { ...keys.recordWithdrawal(write.documentHash, write.recordSk), withdraws: write.recordSk, correctionId: write.correctionId, trigger: write.trigger, at: write.at },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      };
    case 'checkin':
      return { Put: { TableName: tableName, Item: { ...keys.checkin(write.holderId, write.facts.day), ...write.facts, at: write.at }, ConditionExpression: 'attribute_not_exists(PK)' } };
    case 'history':
      return { Put: { TableName: tableName, Item: { ...keys.history(write.holderId, write.entry.at, write.entry.seq), ...write.entry }, ConditionExpression: 'attribute_not_exists(PK)' } };
    case 'status': {
      const { status, expectedVersion } = write;
      return {
        Put: {
          TableName: tableName,
          Item: { ...keys.status(status.holderId), ...status, ...reviewIndexAttributes(status.holderId, status.nextReviewAt) },
          ConditionExpression: expectedVersion !== undefined ? 'version = :v' : 'attribute_not_exists(PK)',
          ...(expectedVersion !== undefined ? { ExpressionAttributeValues: { ':v': expectedVersion } } : {}),
        },
      };
    }
    case 'drop-status':
      return { Delete: { TableName: tableName, Key: keys.status(write.holderId), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': write.expectedVersion } } };
    case 'extra':
      return write.write as TransactItem;
    case 'account-open':
      return { ConditionCheck: { TableName: tableName, Key: keys.accountClosing(write.accountId), ConditionExpression: 'attribute_not_exists(PK)' } };
  }
}

/** Runs one transaction; a cancellation becomes a WriteConflict naming the items whose condition failed. */
export async function transact(db: DynamoDBDocumentClient, items: TransactItem[]): Promise<void> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (err) {
    const failed = cancelledConditions(err);
    if (failed) throw new WriteConflict(failed, { cause: err });
    throw err;
  }
}

export function dynamoHolderStore(db: DynamoDBDocumentClient, tableName: string): HolderStore {
  const store: HolderStore = {
    async readStatus(holderId, consistent) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.status(holderId), ConsistentRead: consistent }));
      return out.Item as StoredStatus | undefined;
    },

    async declarations(holderId, now) {
      const prefix = keys.declarationPrefix(holderId);
      const cutoff = keys.declaration(holderId, new Date(now.getTime() - CHECKIN_WINDOW_DAYS * 86_400_000).toISOString()).SK;
      const [recent, before] = await Promise.all([
        // Newest first, so a flood of declarations can never push the latest out of the page limit.
        queryAll(db, {
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': prefix.PK, ':from': cutoff, ':to': `${prefix.prefix}\uffff` },
          ScanIndexForward: false,
          ConsistentRead: true,
        }, MAX_DECLARATIONS),
        db.send(new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': prefix.PK, ':from': prefix.prefix, ':to': cutoff },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        })),
      ]);
      const items = [...recent.slice(0, MAX_DECLARATIONS)].reverse();
      const older = before.Items?.[0];
      if (older && older.SK !== cutoff) items.unshift(older);
      return items.map((item): StoredDeclaration => ({ id: parseKey.declarationId(String(item.SK)), item, facts: readDeclaration(item)! }));
    },

    async checkins(holderId, today): Promise<CheckinFacts[]> {
      const prefix = keys.checkinPrefix(holderId);
      const from = keys.checkin(holderId, addDays(today, -CHECKIN_WINDOW_DAYS)).SK;
      const items = await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': prefix.PK, ':from': from, ':to': `${prefix.prefix}\uffff` },
        ConsistentRead: true,
      }, PARTITION_LIMIT);
      return readCheckins(items);
    },

    // One query of the document's partition: withdrawals sit beside the records so that reading the facts stays one round trip.
    documentItems(documentHash) {
      return queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.documentBinding(documentHash).PK },
        ConsistentRead: true,
      }, PARTITION_LIMIT);
    },

    async riskAreas() {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.riskAreasCurrent(), ConsistentRead: true }));
      const areas = out.Item?.areas;
      if (!Array.isArray(areas) || areas.length === 0) return EMPTY_AREAS;
      const version = typeof out.Item?.version === 'string' ? out.Item.version : undefined;
      if (version && areaMemo.has(version)) return areaMemo.get(version)!;
      const list = areas as RiskAreaFacts[];
      if (version) {
        if (areaMemo.size > 16) areaMemo.clear();
        areaMemo.set(version, list);
      }
      return list;
    },

    async activeRuleset() {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.rulesetActive(), ConsistentRead: true }));
      const item = out.Item;
      if (!item) return rulesetV1;
      if (item.document !== undefined) return rulesetFromDocument(item.document) ?? rulesetV1;
      if (typeof item.version === 'string') {
        if (item.version === rulesetV1.version) return rulesetV1;
        const memo = rulesetMemo.get(item.version);
        if (memo) return memo;
        const doc = await db.send(new GetCommand({ TableName: tableName, Key: keys.ruleset(item.version) }));
        return rulesetFromDocument(doc.Item?.document) ?? rulesetV1;
      }
      return rulesetV1;
    },

    async stays(holderId) {
      const items = await queryAll(db, prefixQuery(tableName, keys.stayPrefix(holderId), { ProjectionExpression: 'PK, SK' }), PARTITION_LIMIT);
      return items.flatMap((item) => parseKey.stay(String(item.SK)) ?? []);
    },

    async history(holderId): Promise<HistoryEntry[]> {
      const items = await queryAll(db, prefixQuery(tableName, keys.historyPrefix(holderId)), 100_000);
      return (items as unknown as HistoryEntry[])
        .map(({ seq, at, from, to, reasons, cause, prevHash, hash }) => ({ seq, at, from, to, reasons, cause, prevHash, hash }))
        .sort((a, b) => a.seq - b.seq);
    },

    commit(writes) {
      return transact(db, writes.map((w) => transactItem(tableName, w)));
    },
  };
  return store;
}

/** The holder store together with the raw table it stands on, for scripts and tests that seed items directly. */
export function tableHolderStore(db: DynamoDBDocumentClient, tableName: string): HolderStore & { db: DynamoDBDocumentClient; tableName: string } {
  return { db, tableName, ...dynamoHolderStore(db, tableName) };
}
