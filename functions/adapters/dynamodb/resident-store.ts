/** The resident store on the single table (functions/core/resident/ports.ts). */
import { DeleteCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccountItem, ClosingMark, DependentItem, ErasureTargets, ResidentStore, VerificationItem } from '../../core/resident/ports';
import { WriteConflict } from '../../core/store-errors';
import { keys, parseKey, ttlAfter } from '../keys';
import { attr } from '../table';
import { batchDeleteAll } from './batch-write';
import { cancelledConditions, isConditionFailed } from './errors';
import { transact } from './holder-store';
import { prefixQuery, queryAll } from './query';

type Key = { PK: string; SK: string };

/** A closed mark outlives any write that could still be in flight by far; then it expires (TTL). */
const CLOSED_MARK_SECONDS = 7 * 24 * 3600;

export function dynamoResidentStore(db: DynamoDBDocumentClient, tableName: string): ResidentStore {
  const get = async (Key: Key) => (await db.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }))).Item;
  const openCheck = (accountId: string) => ({ ConditionCheck: { TableName: tableName, Key: keys.accountClosing(accountId), ConditionExpression: 'attribute_not_exists(PK)' } });
  /** Deletes `Key` only while `condition` holds for `:v`; a failed condition (someone else's item now) leaves it. */
  const deleteIf = async (Key: Key, condition: string, value: string) => {
    try {
      await db.send(new DeleteCommand({ TableName: tableName, Key, ConditionExpression: condition, ExpressionAttributeValues: { ':v': value } }));
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
  };
  /** Every key under a partition. */
  const keysUnder = async (pk: string): Promise<Key[]> =>
    (await queryAll(db, { TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk }, ProjectionExpression: 'PK, SK', ConsistentRead: true })) as Key[];

  return {
    async account(accountId) {
      return (await get(keys.account(accountId))) as AccountItem | undefined;
    },

    alipayLink: (userId) => keys.alipayUser(userId),

    async linkedAccount(link) {
      const item = await get(link);
      return item ? String(item.accountId) : undefined;
    },

    async refreshCertification(accountId, certified, identity) {
      await db.send(new TransactWriteCommand({ TransactItems: [{ Update: {
        TableName: tableName, Key: keys.account(accountId),
        UpdateExpression: identity ? 'SET certified = :c, certifiedIdentity = :i' : 'SET certified = :c',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':c': certified, ...(identity ? { ':i': identity } : {}) },
      } }, openCheck(accountId)] })).catch(() => undefined);
    },

    async createAccount(account, replacing) {
      try {
        await db.send(new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...account.link, accountId: account.accountId, createdAt: account.createdAt },
                ...(replacing !== undefined
                  ? { ConditionExpression: 'accountId = :old', ExpressionAttributeValues: { ':old': replacing } }
                  : { ConditionExpression: 'attribute_not_exists(PK)' }),
              },
            },
            { Put: { TableName: tableName, Item: { ...keys.account(account.accountId), ...account }, ConditionExpression: 'attribute_not_exists(PK)' } },
          ],
        }));
        return true;
      } catch (err) {
        if (cancelledConditions(err)) return false;
        throw err;
      }
    },

    bindDocument: (documentHash, binding) => ({
      Put: { TableName: tableName, Item: { ...keys.documentBinding(documentHash), ...binding }, ConditionExpression: 'attribute_not_exists(PK)' },
    }),

    setProfile: (accountId, profile) => ({
      Update: {
        TableName: tableName, Key: keys.account(accountId),
        UpdateExpression: 'SET profile = :p',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(profile)',
        ExpressionAttributeValues: { ':p': profile },
      },
    }),

    async documentBinding(documentHash) {
      const item = await get(keys.documentBinding(documentHash));
      return item ? { holderId: String(item.holderId), accountId: String(item.accountId), kind: item.kind as 'account' | 'dependent' | undefined } : undefined;
    },

    claimDependentBinding: (documentHash, ownerId, holderId, formerManager, at) => ({
      Update: {
        TableName: tableName, Key: keys.documentBinding(documentHash),
        UpdateExpression: 'SET kind = :account, accountId = :owner, verified = :t, claimedAt = :at',
        ConditionExpression: 'kind = :dependent AND holderId = :h AND accountId = :former',
        ExpressionAttributeValues: { ':account': 'account', ':owner': ownerId, ':t': true, ':at': at, ':dependent': 'dependent', ':h': holderId, ':former': formerManager },
      },
    }),

    setOwnerProfile: (ownerId, profile, holderId) => ({
      Update: {
        TableName: tableName, Key: keys.account(ownerId),
        UpdateExpression: 'SET profile = :p, holderId = :h',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(profile)',
        ExpressionAttributeValues: { ':p': profile, ':h': holderId },
      },
    }),

    markDependentClaimed: (managerId, holderId, at) => ({
      Update: {
        TableName: tableName, Key: keys.dependent(managerId, holderId),
        UpdateExpression: 'SET #state = :claimed, claimedAt = :at REMOVE nameEnc, documentNumberEnc',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':claimed': 'claimed', ':at': at },
      },
    }),

    releaseDependentSlot: (managerId) => ({
      Update: {
        TableName: tableName, Key: keys.account(managerId),
        UpdateExpression: 'SET dependentCount = dependentCount - :one',
        ConditionExpression: 'dependentCount >= :one',
        ExpressionAttributeValues: { ':one': 1 },
      },
    }),

    takeDependentSlot: (accountId, max) => ({
      Update: {
        TableName: tableName, Key: keys.account(accountId),
        UpdateExpression: 'SET dependentCount = if_not_exists(dependentCount, :zero) + :one',
        ConditionExpression: 'attribute_exists(profile) AND (attribute_not_exists(dependentCount) OR dependentCount < :max)',
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': max },
      },
    }),

    dropConfirmation: (code) => ({ Delete: { TableName: tableName, Key: keys.dependentConfirmation(code) } }),

    activateDependent: (accountId, holderId, boundBy, at) => ({
      Update: {
        TableName: tableName, Key: keys.dependent(accountId, holderId),
        UpdateExpression: 'SET #state = :active, boundBy = :by, boundAt = :at REMOVE certifyId, confirmationCode, #ttl',
        ConditionExpression: '#state = :pending',
        ExpressionAttributeNames: { '#state': 'state', '#ttl': attr.ttl },
        ExpressionAttributeValues: { ':active': 'active', ':pending': 'pending', ':by': boundBy, ':at': at },
      },
    }),

    markDependentRemoved: (accountId, holderId, at) => ({
      Put: {
        TableName: tableName,
        Item: { ...keys.dependent(accountId, holderId), holderId, state: 'removed', removedAt: at },
        ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(#state) OR #state <> :removed)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':removed': 'removed' },
      },
    }),

    unbindDependentDocument: (documentHash, holderId, accountId) => ({
      Delete: {
        TableName: tableName, Key: keys.documentBinding(documentHash),
        ConditionExpression: 'kind = :dependent AND holderId = :h AND accountId = :a',
        ExpressionAttributeValues: { ':dependent': 'dependent', ':h': holderId, ':a': accountId },
      },
    }),

    async eraseHolderFacts(holderId) {
      const items = await keysUnder(keys.status(holderId).PK);
      // The history stays (pseudonymous, hash-chained); the status is already gone with the closing transaction.
      // Corrections before their pointers: a sweep cut short still finds them.
      const doomed = items.flatMap((k) => {
        const correctionId = parseKey.correctionOfHolder(k.SK);
        return correctionId === undefined ? [] : [keys.correction(correctionId)];
      });
      doomed.push(...items.filter((k) => !k.SK.startsWith('HIST#')));
      await batchDeleteAll(db, tableName, doomed);
    },

    async forgetDependent(accountId, holderId, confirmationCode) {
      await batchDeleteAll(db, tableName, [keys.dependent(accountId, holderId), ...(confirmationCode ? [keys.dependentConfirmation(confirmationCode)] : [])]);
    },

    async dependent(accountId, holderId) {
      return (await get(keys.dependent(accountId, holderId))) as DependentItem | undefined;
    },

    async dependents(accountId) {
      const prefix = keys.dependentPrefix(accountId);
      const out = await db.send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
        ExpressionAttributeValues: { ':pk': prefix.PK, ':p': prefix.prefix },
        ConsistentRead: true,
      }));
      return (out.Items ?? []) as DependentItem[];
    },

    async putPendingDependent(accountId, item, now, seconds) {
      // One transaction: a dependent is never half-added, and never added to an account being deleted.
      await transact(db, [
        { Put: { TableName: tableName, Item: { ...keys.dependent(accountId, item.holderId), ...item, ...ttlAfter(now, seconds) }, ConditionExpression: 'attribute_not_exists(PK)' } },
        { Put: { TableName: tableName, Item: { ...keys.dependentConfirmation(item.confirmationCode), accountId, holderId: item.holderId, ...ttlAfter(now, seconds) }, ConditionExpression: 'attribute_not_exists(PK)' } },
        { ConditionCheck: { TableName: tableName, Key: keys.account(accountId), ConditionExpression: 'attribute_exists(profile)' } },
        openCheck(accountId),
      ]);
    },

    async setDependentCertifyId(accountId, holderId, certifyId) {
      await transact(db, [
        {
          Update: {
            TableName: tableName, Key: keys.dependent(accountId, holderId),
            UpdateExpression: 'SET certifyId = :c', ConditionExpression: '#state = :pending',
            ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':c': certifyId, ':pending': 'pending' },
          },
        },
        openCheck(accountId),
      ]);
    },

    async dependentConfirmation(code) {
      const item = await get(keys.dependentConfirmation(code));
      return item ? { accountId: String(item.accountId), holderId: String(item.holderId) } : undefined;
    },

    async putVerification(accountId, item, now) {
      await transact(db, [
        { Put: { TableName: tableName, Item: { ...keys.verification(accountId, item.verificationId), ...item, ...ttlAfter(now, 24 * 3600) } } },
        openCheck(accountId),
      ]);
    },

    async verification(accountId, verificationId) {
      return (await get(keys.verification(accountId, verificationId))) as VerificationItem | undefined;
    },

    accountOpen: (accountId) => openCheck(accountId),

    async closing(accountId) {
      const item = await get(keys.accountClosing(accountId));
      return item ? { state: item.state as ClosingMark['state'], since: String(item.since), ...(item.targets ? { targets: item.targets as ErasureTargets } : {}) } : undefined;
    },

    async markClosing(accountId, at) {
      try {
        await transact(db, [
          { Put: { TableName: tableName, Item: { ...keys.accountClosing(accountId), accountId, state: 'closing', since: at }, ConditionExpression: 'attribute_not_exists(PK)' } },
          { Put: { TableName: tableName, Item: { ...keys.closingSweep(accountId), accountId, since: at } } },
        ]);
      } catch (err) {
        // Marked already (a retry, or the sweep): the deletion carries on from there.
        if (!(err instanceof WriteConflict) || !err.failed[0]) throw err;
      }
    },

    async recordErasureTargets(accountId, targets) {
      try {
        await db.send(new UpdateCommand({
          TableName: tableName, Key: keys.accountClosing(accountId),
          UpdateExpression: 'SET targets = :t', ConditionExpression: '#state = :closing',
          ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':t': targets, ':closing': 'closing' },
        }));
        return true;
      } catch (err) {
        if (isConditionFailed(err)) return false;
        throw err;
      }
    },

    async eraseTargets(accountId, targets) {
      // Bindings, links and codes first, each only while still this holder's or this account's: a
      // person who registers again after a first pass keeps the new binding.
      await Promise.all([
        ...targets.bindings.map((b) => deleteIf(keys.documentBinding(b.documentHash), 'holderId = :v', b.holderId)),
        ...targets.links.map((link) => deleteIf(link, 'accountId = :v', accountId)),
        ...targets.confirmationCodes.map((code) => deleteIf(keys.dependentConfirmation(code), 'accountId = :v', accountId)),
      ]);
      for (const holderId of targets.holderIds) {
        const status = await get(keys.status(holderId));
        if (typeof status?.documentHash === 'string' && status.documentHash) await deleteIf(keys.documentBinding(status.documentHash), 'holderId = :v', holderId);
        const items = await keysUnder(keys.status(holderId).PK);
        // A correction's text is the resident's own words: it goes with them, before its pointer, so a
        // pass cut short still finds it by the pointer.
        const corrections = items.flatMap((k) => {
          const correctionId = parseKey.correctionOfHolder(k.SK);
          return correctionId === undefined ? [] : [keys.correction(correctionId)];
        });
        // The history stays (pseudonymous, hash-chained); the status goes last, so a pass cut short leaves it findable.
        const own = items.filter((k) => !k.SK.startsWith('HIST#') && k.SK !== 'STATUS');
        await batchDeleteAll(db, tableName, [...corrections, ...own, ...(items.some((k) => k.SK === 'STATUS') ? [keys.status(holderId)] : [])]);
      }
      const accountItems = await keysUnder(keys.account(accountId).PK);
      await batchDeleteAll(db, tableName, accountItems.filter((k) => k.SK !== keys.account(accountId).SK));
    },

    async erasureLeftovers(accountId, targets) {
      const left: string[] = [];
      const found = (k: Key) => left.push(`${k.PK}/${k.SK}`);
      const checks: Promise<void>[] = [
        keysUnder(keys.account(accountId).PK).then((ks) => ks.filter((k) => k.SK !== keys.account(accountId).SK).forEach(found)),
        ...targets.holderIds.map((holderId) => keysUnder(keys.status(holderId).PK).then((ks) => ks.filter((k) => !k.SK.startsWith('HIST#')).forEach(found))),
        ...targets.bindings.map(async (b) => {
          const item = await get(keys.documentBinding(b.documentHash));
          if (item?.holderId === b.holderId) found(keys.documentBinding(b.documentHash));
        }),
        ...[...targets.links, ...targets.confirmationCodes.map((c) => keys.dependentConfirmation(c))].map(async (k) => {
          if ((await get(k))?.accountId === accountId) found(k);
        }),
      ];
      await Promise.all(checks);
      return left;
    },

    async finishClosing(accountId, at) {
      await transact(db, [
        { Delete: { TableName: tableName, Key: keys.account(accountId) } },
        {
          Update: {
            TableName: tableName, Key: keys.accountClosing(accountId),
            UpdateExpression: 'SET #state = :closed, closedAt = :at, #ttl = :ttl REMOVE targets.links, targets.confirmationCodes',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: { '#state': 'state', '#ttl': attr.ttl },
            ExpressionAttributeValues: { ':closed': 'closed', ':at': at.toISOString(), ':ttl': ttlAfter(at, CLOSED_MARK_SECONDS)[attr.ttl] },
          },
        },
        { Delete: { TableName: tableName, Key: keys.closingSweep(accountId) } },
      ]);
    },

    async unfinishedClosings(before, limit) {
      const prefix = keys.closingSweepPrefix();
      const items = await queryAll(db, prefixQuery(tableName, prefix, { FilterExpression: 'since <= :before', ExpressionAttributeValues: { ':pk': prefix.PK, ':prefix': prefix.prefix, ':before': before } }), limit);
      return items.slice(0, limit).map((i) => String(i.accountId));
    },
  };
}
