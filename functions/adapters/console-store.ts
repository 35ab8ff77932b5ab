/**
 * DynamoDB side of the console: feed proposals and the officials' decision log (keys.ts rows 28–30).
 * Each write that the log must record is one transaction with the log entry and the log's head, the
 * head conditioned on the seq it was read at: two officials deciding at once get consecutive entries.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys';
import type { AuditEntry, FeedProposal, ProposalStatus } from '../../shared/api/console';
import type { ProposalRecord, ProposalStore, StoredProposal } from '../core/console/feed-proposals';
import { AUDIT_GENESIS, type AuditHead } from '../core/console/audit-chain';
import { ConflictError, DependencyUnavailableError } from '../core/errors';

export type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

const MAX_ATTEMPTS = 6;

function cancellationReasons(err: unknown): string[] | undefined {
  if ((err as { name?: string }).name !== 'TransactionCanceledException') return undefined;
  return ((err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}

/**
 * Writes `items` with the next entry of the decision log in one transaction (the head conditioned on
 * the seq it was read at); retries when another entry took the seq, and maps a failed condition of
 * one of `items` to `conflict()`. Other consoles' stores (the checkpoint registry) write through it too.
 */
export function auditedTransaction(db: DynamoDBDocumentClient, tableName: string) {
  const readHead = async (): Promise<AuditHead> => {
    const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.officialAuditHead(), ConsistentRead: true }));
    return out.Item ? { seq: Number(out.Item.seq), hash: String(out.Item.hash) } : AUDIT_GENESIS;
  };

  /** Writes `items` with the next log entry; retries when another entry took the seq. */
  const withEntry = async (items: TransactItems, entry: (head: AuditHead) => AuditEntry, conflict: () => Error): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const head = await readHead();
      const next = entry(head);
      const headWrite =
        head.seq === 0
          ? { Put: { TableName: tableName, Item: { ...keys.officialAuditHead(), seq: next.seq, hash: next.hash }, ConditionExpression: 'attribute_not_exists(PK)' } }
          : {
              Update: {
                TableName: tableName,
                Key: keys.officialAuditHead(),
                UpdateExpression: 'SET seq = :seq, #h = :hash',
                ConditionExpression: 'seq = :prev',
                ExpressionAttributeNames: { '#h': 'hash' },
                ExpressionAttributeValues: { ':seq': next.seq, ':hash': next.hash, ':prev': head.seq },
              },
            };
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [...items, { Put: { TableName: tableName, Item: { ...keys.officialAudit(next.seq), ...next }, ConditionExpression: 'attribute_not_exists(PK)' } }, headWrite],
          }),
        );
        return;
      } catch (err) {
        const reasons = cancellationReasons(err);
        if (!reasons) throw err;
        if (reasons.slice(0, items.length).includes('ConditionalCheckFailed')) throw conflict();
        if (attempt >= MAX_ATTEMPTS) throw new DependencyUnavailableError('操作的人较多，请稍后再试', undefined, { cause: err });
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 20 * attempt)));
      }
    }
  };

  return { readHead, withEntry };
}

/**
 * Proposals of one kind, told apart by their id's prefix (FP- feeds, RA- risk areas, RS- rulesets):
 * all in the PROPOSALS partition, so one store and one decision log serve every two-person decision.
 */
/** Reads of the decision log that another append may interleave with, before the last one is taken as it is. */
const AUDIT_READ_ATTEMPTS = 5;

export function dynamoProposalStore<P extends ProposalRecord = FeedProposal>(db: DynamoDBDocumentClient, tableName: string, idPrefix = 'FP-'): ProposalStore<P> {
  const { readHead, withEntry } = auditedTransaction(db, tableName);
  const strip = (item: Record<string, unknown>): P => {
    const { PK: _pk, SK: _sk, ...rest } = item;
    void _pk;
    void _sk;
    return rest as unknown as P;
  };

  return {
    async create(stored, entry) {
      await withEntry(
        [
          { Put: { TableName: tableName, Item: { ...keys.proposal(stored.proposal.id), ...stored.proposal }, ConditionExpression: 'attribute_not_exists(PK)' } },
          ...(stored.sealedRecords !== undefined ? [{ Put: { TableName: tableName, Item: { ...keys.proposalRecords(stored.proposal.id), sealed: stored.sealedRecords } } }] : []),
        ],
        entry,
        () => new ConflictError('提议编号重复，请重试'),
      );
    },
    async get(id): Promise<StoredProposal<P> | undefined> {
      if (!id.startsWith(idPrefix)) return undefined;
      const [p, r] = await Promise.all([
        db.send(new GetCommand({ TableName: tableName, Key: keys.proposal(id), ConsistentRead: true })),
        db.send(new GetCommand({ TableName: tableName, Key: keys.proposalRecords(id), ConsistentRead: true })),
      ]);
      if (!p.Item) return undefined;
      return { proposal: strip(p.Item), ...(typeof r.Item?.sealed === 'string' ? { sealedRecords: r.Item.sealed } : {}) };
    },
    async list(status?: ProposalStatus) {
      const prefix = keys.proposalPrefix(idPrefix);
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
          ...(status ? { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' } } : {}),
          ExpressionAttributeValues: { ':pk': prefix.PK, ':p': prefix.prefix, ...(status ? { ':s': status } : {}) },
          ScanIndexForward: false,
          Limit: 100,
        }),
      );
      return (out.Items ?? []).map(strip);
    },
    async decide(id, decision, entry) {
      const names: Record<string, string> = { '#s': 'status', '#d': 'decider', '#t': 'decidedAt' };
      const values: Record<string, unknown> = { ':s': decision.status, ':d': decision.decider, ':t': decision.decidedAt, ':proposed': 'proposed' };
      let set = 'SET #s = :s, #d = :d, #t = :t';
      if (decision.reason) {
        names['#r'] = 'reason';
        values[':r'] = decision.reason;
        set += ', #r = :r';
      }
      await withEntry(
        [{ Update: { TableName: tableName, Key: keys.proposal(id), UpdateExpression: set, ConditionExpression: '#s = :proposed', ExpressionAttributeNames: names, ExpressionAttributeValues: values } }],
        entry,
        () => new ConflictError('该提议已被处理，请刷新后查看'),
      );
    },
    async markApplied(id, applied) {
      await db.send(new UpdateCommand({ TableName: tableName, Key: keys.proposal(id), UpdateExpression: 'SET applied = :a', ExpressionAttributeValues: { ':a': applied } }));
    },
    async append(entry) {
      await withEntry([], entry, () => new ConflictError('留痕写入冲突，请重试'));
    },
    async auditLog() {
      const readEntries = async () => {
        const items: Record<string, unknown>[] = [];
        let ExclusiveStartKey: Record<string, unknown> | undefined;
        do {
          const out = await db.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
              ExpressionAttributeValues: { ':pk': 'OFFAUDIT', ':p': 'SEQ#' },
              ConsistentRead: true,
              ExclusiveStartKey,
            }),
          );
          items.push(...(out.Items ?? []));
          ExclusiveStartKey = out.LastEvaluatedKey as Record<string, unknown> | undefined;
        } while (ExclusiveStartKey);
        return items.map(({ PK: _pk, SK: _sk, ...rest }) => rest as unknown as AuditEntry);
      };
      // The list and its head must be one moment's: an entry appended between the two reads would
      // read as a broken chain. The same head before and after the list means no append came between.
      for (let attempt = 1; ; attempt++) {
        const before = await readHead();
        const entries = await readEntries();
        const after = await readHead();
        if ((before.seq === after.seq && before.hash === after.hash) || attempt >= AUDIT_READ_ATTEMPTS) return { entries, head: after };
      }
    },
  };
}
