/**
 * Ports of the resident use cases. Handlers build them from the adapters (`residentPorts`); tests
 * pass their own (a fake Alipay gateway behind the real adapter, a fixed key).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FieldCipher } from '../../adapters/field-cipher';
import type { AlipayPort } from '../../adapters/alipay';
import type { HolderStore } from '../holder-state';

export interface ResidentPorts extends HolderStore {
  db: DynamoDBDocumentClient;
  tableName: string;
  /** Encrypts names, document numbers and phones at rest. */
  cipher: FieldCipher;
  /** Keyed hash of a document (HMAC with the lookup key). */
  hashDocument(documentType: string, documentNumber: string): string;
  /** Alipay, when configured for this stage. */
  alipay?: AlipayPort;
  /** Sandbox sign-in allowed (stages local and review). */
  sandboxAllowed: boolean;
}
