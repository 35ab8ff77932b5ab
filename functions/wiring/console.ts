/** The console's ports (see ./once.ts for the wiring's rules). */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoProposalStore } from '../adapters/console-store';
import { documentHash } from '../adapters/document-hash';
import { fieldCipher } from '../adapters/field-cipher';
import { secrets } from '../adapters/secrets';
import { keys } from '../adapters/keys';
import { dynamoRateLimiter } from '../adapters/rate-limit';
import { loadHistory, previewHolderColour, readHolderStatus } from '../core/holder-state';
import type { PersonLookupPorts } from '../core/console/person-lookup';
import { holderStore } from './resident';
export { riskAreaPorts, rulesetPorts } from '../adapters/dynamodb/console-reads';
import { submitFeed } from '../core/authority/feeds';
import type { ProposalPorts } from '../core/console/feed-proposals';
import type { RiskAreaProposalPorts } from '../core/console/risk-area-proposals';
import type { RiskAreaProposal, RulesetProposal } from '../../shared/api/console';
import type { RulesetProposalPorts } from '../core/console/ruleset-proposals';
import { authorityPorts, tableStores } from './authority';
import { once } from './once';

const SEALED_FIELD = 'proposalRecords';

/** The console's feed proposals: the proposal store, the field cipher, the preview and the authority's feed. */
export async function consolePorts(db: DynamoDBDocumentClient, tableName: string): Promise<ProposalPorts> {
  const s = await secrets();
  return once(db, `console:${tableName}`, () => {
    if (!s.fieldKey) throw new Error('no field key configured');
    const cipher = fieldCipher(s.fieldKey);
    const store = tableStores(db, tableName);
    return {
      store: dynamoProposalStore(db, tableName),
      seal: (text) => cipher.encrypt(SEALED_FIELD, text),
      open: (sealed) => cipher.decrypt(SEALED_FIELD, sealed),
      documentHash,
      holdersByDocumentHash: (hashes) => store.holdersByDocumentHash(hashes),
      previewColour: (holderId, extra, now) => previewHolderColour(store, holderId, extra, now),
      submitFeed: (request, principal, now) => submitFeed(authorityPorts(db, tableName), request, principal, now),
    } satisfies ProposalPorts;
  });
}

/** The console's person lookup: the document binding, status, history, limiter and decision log. */
export function personLookupPorts(db: DynamoDBDocumentClient, tableName: string): PersonLookupPorts {
  const store = holderStore(db, tableName);
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

/** Risk-area level proposals (RA- ids in the proposals partition) and the authority's publication. */
export function riskAreaProposalPorts(db: DynamoDBDocumentClient, tableName: string): RiskAreaProposalPorts {
  return { store: dynamoProposalStore<RiskAreaProposal>(db, tableName, 'RA-'), authority: authorityPorts(db, tableName) };
}

/** Ruleset proposals (RS- ids; the payload item holds the document and its vectors) and the authority's ruleset store. */
export function rulesetProposalPorts(db: DynamoDBDocumentClient, tableName: string): RulesetProposalPorts {
  return { store: dynamoProposalStore<RulesetProposal>(db, tableName, 'RS-'), authority: authorityPorts(db, tableName) };
}
