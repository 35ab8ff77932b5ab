/**
 * Keyed hashes of identity documents: the only form in which a document number is looked up.
 *
 * HMAC-SHA256 under `lookupKey` (secrets) of `<documentType>:<normalised number>`, as lowercase hex.
 * It finds the document binding (`keys.documentBinding(hash)`) and the authority records filed for a
 * document (`keys.authorityRecord(hash, …)`) without the number ever being stored in clear, and
 * without a table dump letting anyone test guesses (that needs the key). Authority feeds MUST file
 * their records under this same hash.
 *
 * @example
 * const hash = await documentHash('resident-id', '33110219900307001X');
 * await db.send(new GetCommand({ TableName, Key: keys.documentBinding(hash) }));
 */
import { createHmac } from 'node:crypto';
import { normaliseDocumentNumber } from '../../shared/identity';
import { secrets } from './secrets';

/** The hash with an explicit key (tests, seeds, benches). */
export function documentHashWithKey(lookupKey: string, documentType: string, documentNumber: string): string {
  return createHmac('sha256', Buffer.from(lookupKey, 'base64url'))
    .update(`${documentType}:${normaliseDocumentNumber(documentNumber)}`)
    .digest('hex');
}

/** The hash under this deployment's lookup key. */
export async function documentHash(documentType: string, documentNumber: string): Promise<string> {
  return documentHashWithKey((await secrets()).lookupKey, documentType, documentNumber);
}
