/** The live ports of the console's feed proposals, built per request from the table and the field cipher. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoProposalStore } from '../adapters/console-store';
import { deploymentFieldCipher } from '../adapters/field-cipher';
import { documentHash } from '../adapters/document-hash';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../adapters/keys';
import { dynamoRateLimiter } from '../adapters/rate-limit';
import { loadHistory, previewHolderColour, readHolderStatus } from '../core/holder-state';
import type { PersonLookupPorts } from '../core/console/person-lookup';
import type { RiskAreaPorts, RulesetPorts } from '../core/console/watch';
import type { RiskAreaFacts } from '../../shared/rules/engine';
import { holdersByDocumentHash } from '../core/authority/work';
import { submitFeed } from '../core/authority/feeds';
import type { ProposalPorts } from '../core/console/feed-proposals';
import { authorityPorts } from './ports';

const SEALED_FIELD = 'proposalRecords';

export async function consolePorts(db: DynamoDBDocumentClient, tableName: string): Promise<ProposalPorts> {
  const cipher = await deploymentFieldCipher();
  const store = { db, tableName };
  return {
    store: dynamoProposalStore(db, tableName),
    seal: (text) => cipher.encrypt(SEALED_FIELD, text),
    open: (sealed) => cipher.decrypt(SEALED_FIELD, sealed),
    documentHash,
    holdersByDocumentHash: (hashes) => holdersByDocumentHash(store, hashes),
    previewColour: (holderId, extra, now) => previewHolderColour(store, holderId, extra, now),
    submitFeed: (request, principal, now) => submitFeed(authorityPorts(db, tableName), request, principal, now),
  };
}

/** The live ports of the console's person lookup: the document binding, status, history, limiter, decision log. */
export function personLookupPorts(db: DynamoDBDocumentClient, tableName: string): PersonLookupPorts {
  const store = { db, tableName };
  return {
    documentHash,
    async holderOfDocument(hash) {
      const bind = await db.send(new GetCommand({ TableName: tableName, Key: keys.documentBinding(hash), ConsistentRead: true }));
      return typeof bind.Item?.holderId === 'string' ? bind.Item.holderId : undefined;
    },
    readStatus: (holderId) => readHolderStatus(store, holderId),
    loadHistory: (holderId) => loadHistory(store, holderId),
    rateLimiter: dynamoRateLimiter(db, tableName),
    appendAudit: (entry) => dynamoProposalStore(db, tableName).append(entry),
  };
}

/** The current risk areas: one item, the one the engine reads. */
export function riskAreaPorts(db: DynamoDBDocumentClient, tableName: string): RiskAreaPorts {
  return {
    async currentRiskAreas() {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.riskAreasCurrent(), ConsistentRead: true }));
      if (!out.Item || !Array.isArray(out.Item.areas)) return undefined;
      return {
        version: String(out.Item.version),
        ...(typeof out.Item.publishedAt === 'string' ? { publishedAt: out.Item.publishedAt } : {}),
        ...(typeof out.Item.principal === 'string' ? { principal: out.Item.principal } : {}),
        areas: out.Item.areas as RiskAreaFacts[],
      };
    },
  };
}

/** Ruleset versions: one Query of the RULESET partition, projecting away the documents. */
export function rulesetPorts(db: DynamoDBDocumentClient, tableName: string): RulesetPorts {
  return {
    async rulesetVersions() {
      const [list, active] = await Promise.all([
        db.send(new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
          ExpressionAttributeValues: { ':pk': keys.rulesetActive().PK, ':v': 'V#' },
          ProjectionExpression: 'version, effectiveFrom, #s, principal, storedAt',
          ExpressionAttributeNames: { '#s': 'state' },
          Limit: 200,
        })),
        // ACTIVE names a stored version, or (the seeded first ruleset) holds the document itself.
        db.send(new GetCommand({ TableName: tableName, Key: keys.rulesetActive(), ProjectionExpression: '#v, #d.#v', ExpressionAttributeNames: { '#v': 'version', '#d': 'document' } })),
      ]);
      const versions = (list.Items ?? []).flatMap((i) =>
        typeof i.version === 'string' && typeof i.effectiveFrom === 'string'
          ? [{
              version: i.version,
              effectiveFrom: i.effectiveFrom,
              state: (['scheduled', 'active', 'superseded'].includes(String(i.state)) ? i.state : 'scheduled') as 'scheduled' | 'active' | 'superseded',
              ...(typeof i.principal === 'string' ? { principal: i.principal.slice(0, 256) } : {}),
              ...(typeof i.storedAt === 'string' ? { storedAt: i.storedAt } : {}),
            }]
          : [],
      );
      const activeVersion = active.Item?.version ?? (active.Item?.document as { version?: unknown } | undefined)?.version;
      return { ...(typeof activeVersion === 'string' ? { active: activeVersion } : {}), versions };
    },
  };
}
