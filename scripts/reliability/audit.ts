/**
 * Audit integrity and "no half-written state", read straight from the
 * table with a Scan (fine in a test harness, never on a request path):
 * - every holder's history is an intact hash chain whose head matches the status item;
 * - the status colour is the `to` of the newest history entry (no status without its history entry);
 * - every check-in is older than (or as old as) its holder's last evaluation (no check-in without
 *   its re-evaluation);
 * - no authority feed changed one holder twice (no feed applied twice).
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { verifyHistoryChain, type HistoryEntry } from '../../functions/core/holder-state';
import { parseKey } from '../../functions/adapters/keys';

export async function scanAll(db: DynamoDBDocumentClient, tableName: string): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...((out.Items ?? []) as Record<string, any>[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

export interface AuditResult {
  holders: number;
  historyEntries: number;
  checkins: number;
  brokenChains: string[];
  /** Holders whose account was erased: only the pseudonymous history stays, still chained. */
  erasedHolders: number;
  statusWithoutHistory: string[];
  feedsAppliedTwice: string[];
  statusesByColor: Record<string, number>;
}

export async function auditTable(db: DynamoDBDocumentClient, tableName: string): Promise<AuditResult> {
  const byHolder = new Map<string, Record<string, any>[]>();
  for (const item of await scanAll(db, tableName)) {
    const pk = String(item.PK);
    if (parseKey.holderId(pk) === undefined) continue;
    const list = byHolder.get(pk) ?? [];
    list.push(item);
    byHolder.set(pk, list);
  }
  const result: AuditResult = { holders: 0, erasedHolders: 0, historyEntries: 0, checkins: 0, brokenChains: [], statusWithoutHistory: [], feedsAppliedTwice: [], statusesByColor: {} };
  for (const [pk, items] of byHolder) {
    const status = items.find((i) => i.SK === 'STATUS');
    const history = items.filter((i) => String(i.SK).startsWith('HIST#')) as unknown as HistoryEntry[];
    const checkins = items.filter((i) => String(i.SK).startsWith('CHECKIN#'));
    result.historyEntries += history.length;
    result.checkins += checkins.length;
    if (!status) {
      // An erased account keeps its history (DELETE /v1/resident/account, see docs/api.md) and nothing else.
      const others = items.filter((i) => !String(i.SK).startsWith('HIST#'));
      if (others.length) result.statusWithoutHistory.push(`${pk}: ${others.length} items (e.g. ${others[0].SK}) without a status`);
      if (history.length) {
        result.erasedHolders++;
        const verdict = verifyHistoryChain(history);
        if (!verdict.ok) result.brokenChains.push(`${pk} (erased): seq ${verdict.seq}, ${verdict.problem}`);
      }
      continue;
    }
    result.holders++;
    result.statusesByColor[status.color] = (result.statusesByColor[status.color] ?? 0) + 1;
    const verdict = verifyHistoryChain(history, status.historyHead);
    if (!verdict.ok) result.brokenChains.push(`${pk}: seq ${verdict.seq}, ${verdict.problem}`);
    const newest = [...history].sort((a, b) => b.seq - a.seq)[0];
    if (!newest || newest.to !== status.color) result.statusWithoutHistory.push(`${pk}: status ${status.color}, newest history entry ${newest?.to ?? 'none'}`);
    const feedRefs = history.filter((h) => h.cause?.kind === 'feed' && h.cause.ref).map((h) => String(h.cause.ref));
    const dup = feedRefs.filter((ref, i) => feedRefs.indexOf(ref) !== i);
    for (const ref of new Set(dup)) result.feedsAppliedTwice.push(`${pk}: feed ${ref}`);
  }
  return result;
}

export function auditProblems(a: AuditResult): number {
  return a.brokenChains.length + a.statusWithoutHistory.length + a.feedsAppliedTwice.length;
}
