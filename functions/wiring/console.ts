/** The console's ports (see ./once.ts for the wiring's rules). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../adapters/config';
import { dynamoProposalStore } from '../adapters/console-store';
import { documentHash } from '../adapters/document-hash';
import { documentClient } from '../adapters/dynamo';
import { documentHolder } from '../adapters/dynamodb/lookups';
import { riskAreaPorts as riskAreaReads, rulesetPorts as rulesetReads } from '../adapters/dynamodb/console-reads';
import { fieldCipher } from '../adapters/field-cipher';
import { secrets } from '../adapters/secrets';
import { dynamoRateLimiter } from '../adapters/rate-limit';
import { loadHistory, previewHolderColour, readHolderStatus } from '../core/holder-state';
import type { PersonLookupPorts } from '../core/console/person-lookup';
import { holderStore } from './holders';
import { submitFeed } from '../core/authority/feeds';
import type { ProposalPorts } from '../core/console/feed-proposals';
import type { RiskAreaPorts, RulesetPorts } from '../core/console/watch';
import type { RiskAreaProposalPorts } from '../core/console/risk-area-proposals';
import type { RiskAreaProposal, RulesetProposal } from '../../shared/api/console';
import type { RulesetProposalPorts } from '../core/console/ruleset-proposals';
import { authorityPorts, tableStores } from './authority';
import { once } from './once';

const SEALED_FIELD = 'proposalRecords';

/** The console's feed proposals: the proposal store, the field cipher, the preview and the authority's feed. */
export async function consolePorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): Promise<ProposalPorts> {
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
export function personLookupPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): PersonLookupPorts {
  return once(db, `person-lookup:${tableName}`, () => personLookup(db, tableName));
}

function personLookup(db: DynamoDBDocumentClient, tableName: string): PersonLookupPorts {
  const store = holderStore(db, tableName);
  return {
    documentHash,
    holderOfDocument: documentHolder(db, tableName, { consistent: true }),
    readStatus: (holderId) => readHolderStatus(store, holderId),
    loadHistory: (holderId) => loadHistory(store, holderId),
    rateLimiter: dynamoRateLimiter(db, tableName),
    appendAudit: (entry) => dynamoProposalStore(db, tableName).append(entry),
  };
}

/** The console's watch pages: the current risk areas. */
export function riskAreaPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): RiskAreaPorts {
  return once(db, `risk-areas:${tableName}`, () => riskAreaReads(db, tableName));
}

/** The console's watch pages: the stored ruleset versions. */
export function rulesetPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): RulesetPorts {
  return once(db, `rulesets:${tableName}`, () => rulesetReads(db, tableName));
}

/** Risk-area level proposals (RA- ids in the proposals partition) and the authority's publication. */
export function riskAreaProposalPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): RiskAreaProposalPorts {
  return once(db, `risk-area-proposals:${tableName}`, () => ({ store: dynamoProposalStore<RiskAreaProposal>(db, tableName, 'RA-'), authority: authorityPorts(db, tableName) }));
}

/** Ruleset proposals (RS- ids; the payload item holds the document and its vectors) and the authority's ruleset store. */
export function rulesetProposalPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): RulesetProposalPorts {
  return once(db, `ruleset-proposals:${tableName}`, () => ({ store: dynamoProposalStore<RulesetProposal>(db, tableName, 'RS-'), authority: authorityPorts(db, tableName) }));
}
