/** The live ports of the console's feed proposals, built per request from the table and the field cipher. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoProposalStore } from '../adapters/console-store';
import { deploymentFieldCipher } from '../adapters/field-cipher';
import { documentHash } from '../adapters/document-hash';
import { previewHolderColour } from '../core/holder-state';
import { dynamoHolderStore } from '../adapters/dynamodb/holder-store';
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
    previewColour: (holderId, extra, now) => previewHolderColour(dynamoHolderStore(db, tableName), holderId, extra, now),
    submitFeed: (request, principal, now) => submitFeed(authorityPorts(db, tableName), request, principal, now),
  };
}
