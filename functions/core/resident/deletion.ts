/**
 * Account deletion (注销): personal data goes, the pseudonymous audit trail stays.
 */
import { BatchWriteCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../adapters/keys';
import { readHolderStatus } from '../holder-state';
import { readAccount } from './accounts';
import type { ResidentPorts } from './ports';

async function keysUnder(db: DynamoDBDocumentClient, tableName: string, pk: string): Promise<{ PK: string; SK: string }[]> {
  const out: { PK: string; SK: string }[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({
      TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk },
      ProjectionExpression: 'PK, SK', ConsistentRead: true, ExclusiveStartKey,
    }));
    out.push(...((page.Items ?? []) as { PK: string; SK: string }[]));
    ExclusiveStartKey = page.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (ExclusiveStartKey);
  return out;
}

async function deleteAll(db: DynamoDBDocumentClient, tableName: string, items: { PK: string; SK: string }[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      if (pending.length > 0) {
        if (attempt >= 8) throw new Error('could not delete every item');
        await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
    }
  }
}

/**
 * Deletes an account and its dependents' personal data.
 * 1. collect the holders: the account's own (which may be a holder taken over from a dependent) and
 *    each active dependent (claimed ones now belong to their owner, pending ones have no holder);
 * 2. per holder: delete every HOLDER# item except the history (status, declarations, check-ins,
 *    stays), and its document binding; without a status a scanned old code finds nothing (`not-found`);
 * 3. delete the dependents, the account (encrypted profile) and its sign-in link.
 * Corrections filed for a holder go too (their text is the resident's own words).
 * What stays: HIST# entries (holder id, colours, reason codes, times, pseudonymous causes), which
 * hash-chain verification still checks, and authority records, which belong to the authority.
 * Idempotent: deleting twice, or after a crash halfway, finishes the job.
 */
export async function deleteAccount(ports: ResidentPorts, accountId: string): Promise<void> {
  const { db, tableName } = ports;
  const account = await readAccount(ports, accountId);
  const accountItems = await keysUnder(db, tableName, keys.account(accountId).PK);
  // A claimed dependent belongs to its owner now, and a pending one has no holder yet: neither is erased here.
  const dependents = await Promise.all(accountItems.filter((k) => k.SK.startsWith('DEP#')).map(async (k) => (await db.send(new GetCommand({ TableName: tableName, Key: k, ConsistentRead: true }))).Item));
  const activeDependents = dependents.filter((d) => d && (d.state ?? 'active') === 'active').map((d) => String(d!.holderId));
  const holderIds = [account?.holderId ?? accountId, ...activeDependents];
  const doomed: { PK: string; SK: string }[] = [];
  for (const d of dependents) if (d?.confirmationCode) doomed.push(keys.dependentConfirmation(String(d.confirmationCode)));
  for (const holderId of holderIds) {
    const status = await readHolderStatus(ports, holderId);
    if (status?.documentHash) doomed.push(keys.documentBinding(status.documentHash));
    const items = await keysUnder(db, tableName, keys.status(holderId).PK);
    doomed.push(...items.filter((k) => !k.SK.startsWith('HIST#') && k.SK !== 'STATUS'));
    // A correction's text is the resident's own words: it goes with them.
    for (const k of items) if (k.SK.startsWith('CORR#')) doomed.push(keys.correction(k.SK.slice('CORR#'.length)));
    // The status goes last of this holder's items, so a crash halfway leaves it findable for a retry.
    if (items.some((k) => k.SK === 'STATUS')) doomed.push(keys.status(holderId));
  }
  if (account?.profile?.documentHash) doomed.push(keys.documentBinding(account.profile.documentHash));
  doomed.push(...accountItems.filter((k) => k.SK !== 'PROFILE'));
  if (account?.link) doomed.push(account.link);
  doomed.push(keys.account(accountId));
  const unique = [...new Map(doomed.map((k) => [`${k.PK}\u0000${k.SK}`, k])).values()];
  await deleteAll(db, tableName, unique);
}
