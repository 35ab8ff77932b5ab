/** The authority store on the single table (functions/core/authority/ports.ts). */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuthorityStore, FeedReceipt, HolderPage, RiskAreasVersion, RulesetState } from '../../core/authority/ports';
import type { RiskAreaFacts } from '../../../shared/rules/engine';
import { keys, parseKey } from '../keys';
import { attr, indexes } from '../table';
import { batchGetAll } from './batch-get';
import { batchPutAll } from './batch-write';
import { cancelledConditions, isConditionFailed } from './errors';
import { queryPage, type Page } from './query';
import { scanPage } from './scan';

/** Runs a conditional write; false when its condition did not hold. */
async function conditional(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}

function holderPage(page: Page): HolderPage {
  return {
    holderIds: page.items.map((item) => parseKey.holderId(item.PK)).filter((id): id is string => id !== undefined),
    ...(page.next ? { next: page.next } : {}),
  };
}

export function dynamoAuthorityStore(db: DynamoDBDocumentClient, tableName: string): AuthorityStore {
  return {
    async holdersByDocumentHash(hashes) {
      const found = new Map<string, string>();
      const unique = [...new Set(hashes)];
      const items = await batchGetAll(db, tableName, unique.map((h) => keys.documentBinding(h)), { projection: 'PK, holderId', concurrency: 4 });
      for (const item of items) {
        const hash = parseKey.documentHash(item.PK);
        if (hash !== undefined && typeof item.holderId === 'string') found.set(hash, item.holderId);
      }
      return found;
    },

    async holderOfDocument(documentHash) {
      const bind = await db.send(new GetCommand({ TableName: tableName, Key: keys.documentBinding(documentHash), ConsistentRead: true }));
      const holderId = bind.Item?.holderId;
      return typeof holderId === 'string' ? holderId : undefined;
    },

    async feedReceipt(feedId) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.feed(feedId), ConsistentRead: true }));
      return out.Item as FeedReceipt | undefined;
    },

    claimFeed(receipt, token, claimedAt, staleBefore) {
      return conditional(db.send(new PutCommand({
        TableName: tableName,
        Item: { ...keys.feed(receipt.feedId), ...receipt, claimToken: token, claimedAt },
        ConditionExpression: 'attribute_not_exists(PK) OR (attribute_not_exists(answer) AND contentHash = :hash AND claimedAt < :stale)',
        ExpressionAttributeValues: { ':hash': receipt.contentHash, ':stale': staleBefore },
      })));
    },

    completeFeed(feedId, token, answer, chunks) {
      return conditional(db.send(new UpdateCommand({
        TableName: tableName,
        Key: keys.feed(feedId),
        UpdateExpression: 'SET answer = :answer, chunks = :chunks REMOVE claimToken, claimedAt',
        ConditionExpression: 'claimToken = :token',
        ExpressionAttributeValues: { ':answer': answer, ':chunks': chunks, ':token': token },
      })));
    },

    async putAuthorityRecords(records) {
      const items = records.map(({ documentHash, index, ...r }) => ({
        ...keys.authorityRecord(documentHash, r.at, r.feedId, index),
        type: r.type,
        at: r.at,
        ...(r.day ? { day: r.day } : {}),
        ...(r.result ? { result: r.result } : {}),
        ...(r.sampledAt ? { sampledAt: r.sampledAt } : {}),
        feedId: r.feedId,
        principal: r.principal,
        receivedAt: r.receivedAt,
      }));
      await batchPutAll(db, tableName, items);
    },

    async riskAreasVersion(version) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.riskAreasVersion(version), ConsistentRead: true }));
      return out.Item as RiskAreasVersion | undefined;
    },

    async currentRiskAreas() {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.riskAreasCurrent(), ConsistentRead: true }));
      return { version: out.Item?.version as string | undefined, areas: (out.Item?.areas as RiskAreaFacts[] | undefined) ?? [] };
    },

    async publishRiskAreas(v) {
      try {
        await db.send(new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: { ...keys.riskAreasVersion(v.version), ...v }, ConditionExpression: 'attribute_not_exists(PK)' } },
            {
              Put: {
                TableName: tableName,
                Item: { ...keys.riskAreasCurrent(), version: v.version, areas: v.areas, principal: v.principal, publishedAt: v.publishedAt },
                ...(v.previousVersion
                  ? { ConditionExpression: 'version = :previous', ExpressionAttributeValues: { ':previous': v.previousVersion } }
                  : { ConditionExpression: 'attribute_not_exists(PK)' }),
              },
            },
          ],
        }));
        return true;
      } catch (err) {
        if (cancelledConditions(err)) return false;
        throw err;
      }
    },

    async setRiskAreasAffected(version, affected) {
      await db.send(new UpdateCommand({ TableName: tableName, Key: keys.riskAreasVersion(version), UpdateExpression: 'SET affected = :n', ExpressionAttributeValues: { ':n': affected } }));
    },

    async staysIndexedUnder(code, since) {
      const stays: { holderId: string; region: string }[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out = await db.send(new QueryCommand({
          TableName: tableName,
          IndexName: indexes.regionStay,
          KeyConditionExpression: '#region = :region AND #day >= :since',
          ExpressionAttributeNames: { '#region': attr.stayRegion, '#day': attr.stayDay },
          ExpressionAttributeValues: { ':region': code, ':since': since },
          ExclusiveStartKey,
        }));
        for (const item of out.Items ?? []) {
          const stay = parseKey.stay(String(item.SK));
          const holderId = parseKey.holderId(item.PK);
          if (stay && holderId) stays.push({ holderId, region: stay.region });
        }
        ExclusiveStartKey = out.LastEvaluatedKey as Record<string, unknown> | undefined;
      } while (ExclusiveStartKey);
      return stays;
    },

    async ruleset(version) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.ruleset(version), ConsistentRead: true }));
      return out.Item as { contentHash?: unknown; state?: RulesetState } | undefined;
    },

    storeRuleset(record) {
      return conditional(db.send(new PutCommand({
        TableName: tableName,
        Item: { ...keys.ruleset(record.version), ...record, state: 'scheduled' },
        ConditionExpression: 'attribute_not_exists(PK)',
      })));
    },

    async activeRulesetPointer() {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.rulesetActive(), ConsistentRead: true }));
      return out.Item as { version?: string; effectiveFrom?: string } | undefined;
    },

    claimRulesetActivation(version, to, at) {
      return conditional(db.send(new UpdateCommand({
        TableName: tableName,
        Key: keys.ruleset(version),
        UpdateExpression: 'SET #state = :to, activatedAt = :at',
        ConditionExpression: '#state = :scheduled',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':to': to, ':at': at, ':scheduled': 'scheduled' },
      })));
    },

    async pointActiveRuleset(pointer) {
      await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.rulesetActive(), ...pointer } }));
    },

    async markRolloutQueued(version, at) {
      await db.send(new UpdateCommand({ TableName: tableName, Key: keys.ruleset(version), UpdateExpression: 'SET rolloutQueuedAt = :at', ExpressionAttributeValues: { ':at': at } }));
    },

    async rulesetsToActivate() {
      const out = await db.send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
        FilterExpression: '#state = :scheduled OR (#state = :active AND attribute_not_exists(rolloutQueuedAt))',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pk': keys.rulesetActive().PK, ':v': 'V#', ':scheduled': 'scheduled', ':active': 'active' },
        ProjectionExpression: 'version, effectiveFrom, #state',
        ConsistentRead: true,
      }));
      return (out.Items ?? []).map((item) => ({ version: String(item.version), effectiveFrom: String(item.effectiveFrom), state: item.state as RulesetState }));
    },

    async statusPage(segment, totalSegments, { limit, cursor }) {
      return holderPage(await scanPage(db, {
        TableName: tableName,
        Segment: segment,
        TotalSegments: totalSegments,
        ...(limit !== undefined ? { Limit: limit } : {}),
        FilterExpression: 'SK = :status',
        ExpressionAttributeValues: { ':status': keys.status('x').SK },
        ProjectionExpression: 'PK',
        ExclusiveStartKey: cursor,
      }));
    },

    async reviewDuePage(bucket, dueBy, { dueFrom, limit, cursor }) {
      return holderPage(await queryPage(db, {
        TableName: tableName,
        IndexName: indexes.reviewDue,
        KeyConditionExpression: dueFrom ? '#bucket = :bucket AND #at BETWEEN :from AND :due' : '#bucket = :bucket AND #at <= :due',
        ExpressionAttributeNames: { '#bucket': attr.reviewBucket, '#at': attr.reviewAt },
        ExpressionAttributeValues: { ':bucket': String(bucket), ':due': dueBy, ...(dueFrom ? { ':from': dueFrom } : {}) },
        Limit: limit,
        ExclusiveStartKey: cursor,
      }));
    },
  };
}
