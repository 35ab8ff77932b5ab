/**
 * Fixtures for the inspector tests, written with the real code paths against the same DynamoDB Local
 * and secrets the API uses: holders go through holder-state (the single write path of a colour), codes
 * through the code-key ring, grants and document bindings as the registry and profile store them.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes, randomInt } from 'node:crypto';
import { createDocumentClient } from '../../functions/adapters/dynamo';
import { keys } from '../../functions/adapters/keys';
import { documentHashWithKey } from '../../functions/adapters/document-hash';
import { applyHolderChange, newHolderId, type DeclarationInput } from '../../functions/core/holder-state';
import { generateResidentIdCheckDigit } from '../../shared/identity';
import { maskDocument, maskName } from '../../shared/mask';
import { SANDBOX_CORP_ID } from '../../functions/core/inspector/sign-in';
import { call } from './http';
import { tableHolderStore } from '../../functions/adapters/dynamodb/holder-store';

export const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
export const store = tableHolderStore(db, process.env.TABLE_NAME!);
const secrets = () => JSON.parse(process.env.SECRETS_JSON!) as { lookupKey: string };

export const QUIET: DeclarationInput = { region: '331102', travel: [], symptoms: [], contactWithCase: false };

/** A fresh, valid 居民身份证 number (Lishui 莲都区, born 1980–1999). */
export function residentIdNumber(): string {
  const first17 = `331102${1980 + randomInt(20)}0${1 + randomInt(9)}1${randomInt(10)}${String(randomInt(1000)).padStart(3, '0')}`;
  return first17 + generateResidentIdCheckDigit(first17);
}

/** A registered holder with a first declaration, bound to its document as a profile binds it. */
export async function registeredHolder(name: string, declaration: DeclarationInput = QUIET, now = new Date()) {
  const holderId = newHolderId();
  const documentNumber = residentIdNumber();
  const documentHash = documentHashWithKey(secrets().lookupKey, 'resident-id', documentNumber);
  const holder = { maskedName: maskName(name), maskedDocument: maskDocument('resident-id', documentNumber) };
  await applyHolderChange(store, holderId, { cause: { kind: 'registration' }, register: { holder, documentHash, accountId: holderId } }, now);
  await db.send(new PutCommand({ TableName: store.tableName, Item: { ...keys.documentBinding(documentHash), holderId, accountId: holderId } }));
  const status = await applyHolderChange(store, holderId, { cause: { kind: 'declaration' }, declaration }, now);
  return { holderId, documentNumber, documentHash, holder, status: status! };
}

/** A sandbox inspector of its own (own rate-limit bucket), granted the given checkpoints. */
export async function sandboxInspector(checkpoints: string[], clockScope?: string) {
  const subject = `it-insp-${randomBytes(5).toString('hex')}`;
  await db.send(new PutCommand({ TableName: store.tableName, Item: { ...keys.inspectorGrant(SANDBOX_CORP_ID, 'USER', subject), checkpoints } }));
  const res = await call('POST', '/v1/inspector/sessions', { provider: 'sandbox', subject }, { clockScope });
  if (res.status !== 200) throw new Error(`sandbox sign-in failed: ${res.status} ${res.text}`);
  return { subject, id: `${SANDBOX_CORP_ID}:${subject}`, token: res.body.token as string };
}

export async function checkpoint(id: string, name: string) {
  await db.send(new PutCommand({ TableName: store.tableName, Item: { ...keys.checkpoint(id), id, name } }));
}
