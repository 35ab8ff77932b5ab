/** The resident store on the single table (functions/core/resident/ports.ts). */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccountItem, DependentItem, ResidentStore, VerificationItem } from '../../core/resident/ports';
import { keys, parseKey, ttlAfter } from '../keys';
import { attr } from '../table';
import { batchDeleteAll } from './batch-write';
import { cancelledConditions } from './errors';
import { queryAll } from './query';

type Key = { PK: string; SK: string };

export function dynamoResidentStore(db: DynamoDBDocumentClient, tableName: string): ResidentStore {
  const get = async (Key: Key) => (await db.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }))).Item;
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
      } }] })).catch(() => undefined);
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
      const doomed = items.filter((k) => !k.SK.startsWith('HIST#'));
      for (const k of items) {
        const correctionId = parseKey.correctionOfHolder(k.SK);
        if (correctionId !== undefined) doomed.push(keys.correction(correctionId));
      }
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
      await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.dependent(accountId, item.holderId), ...item, ...ttlAfter(now, seconds) }, ConditionExpression: 'attribute_not_exists(PK)' }));
      await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.dependentConfirmation(item.confirmationCode), accountId, holderId: item.holderId, ...ttlAfter(now, seconds) } }));
    },

    async setDependentCertifyId(accountId, holderId, certifyId) {
      await db.send(new UpdateCommand({
        TableName: tableName, Key: keys.dependent(accountId, holderId),
        UpdateExpression: 'SET certifyId = :c', ConditionExpression: '#state = :pending',
        ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':c': certifyId, ':pending': 'pending' },
      }));
    },

    async dependentConfirmation(code) {
      const item = await get(keys.dependentConfirmation(code));
      return item ? { accountId: String(item.accountId), holderId: String(item.holderId) } : undefined;
    },

    async putVerification(accountId, item, now) {
      await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.verification(accountId, item.verificationId), ...item, ...ttlAfter(now, 24 * 3600) } }));
    },

    async verification(accountId, verificationId) {
      return (await get(keys.verification(accountId, verificationId))) as VerificationItem | undefined;
    },

    async eraseAccount(account, accountId) {
      const accountItems = await keysUnder(keys.account(accountId).PK);
      // A claimed dependent belongs to its owner now, and a pending one has no holder yet: neither is erased here.
      const dependents = await Promise.all(accountItems.filter((k) => k.SK.startsWith('DEP#')).map((k) => get(k)));
      const activeDependents = dependents.filter((d) => d && (d.state ?? 'active') === 'active').map((d) => String(d!.holderId));
      const holderIds = [account?.holderId ?? accountId, ...activeDependents];
      const doomed: Key[] = [];
      for (const d of dependents) if (d?.confirmationCode) doomed.push(keys.dependentConfirmation(String(d.confirmationCode)));
      for (const holderId of holderIds) {
        const status = await get(keys.status(holderId));
        if (typeof status?.documentHash === 'string' && status.documentHash) doomed.push(keys.documentBinding(status.documentHash));
        const items = await keysUnder(keys.status(holderId).PK);
        doomed.push(...items.filter((k) => !k.SK.startsWith('HIST#') && k.SK !== 'STATUS'));
        // A correction's text is the resident's own words: it goes with them.
        for (const k of items) {
          const correctionId = parseKey.correctionOfHolder(k.SK);
          if (correctionId !== undefined) doomed.push(keys.correction(correctionId));
        }
        // The status goes last of this holder's items, so a crash halfway leaves it findable for a retry.
        if (items.some((k) => k.SK === 'STATUS')) doomed.push(keys.status(holderId));
      }
      if (account?.profile?.documentHash) doomed.push(keys.documentBinding(account.profile.documentHash));
      doomed.push(...accountItems.filter((k) => k.SK !== 'PROFILE'));
      if (account?.link) doomed.push(account.link);
      doomed.push(keys.account(accountId));
      const unique = [...new Map(doomed.map((k) => [`${k.PK}\u0000${k.SK}`, k])).values()];
      await batchDeleteAll(db, tableName, unique);
    },
  };
}
