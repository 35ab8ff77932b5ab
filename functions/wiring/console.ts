/** The console's ports (see ./once.ts for the wiring's rules). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoProposalStore } from '../adapters/console-store';
import { documentHash } from '../adapters/document-hash';
import { fieldCipher } from '../adapters/field-cipher';
import { secrets } from '../adapters/secrets';
import { previewHolderColour } from '../core/holder-state';
import { submitFeed } from '../core/authority/feeds';
import type { ProposalPorts } from '../core/console/feed-proposals';
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
