/**
 * Field encryption at rest: AES-256-GCM under the data key `fieldKey` (on AWS, unwrapped from
 * `fieldKeyWrapped` by KMS at cold start: envelope encryption, see ./secrets.ts).
 *
 * Ciphertext text: `v1.<nonce>.<ciphertext>.<tag>`, each part base64url; a fresh 96-bit nonce per
 * value. The field name is bound as additional data, so a ciphertext moved to another field fails.
 *
 * @example
 * const cipher = fieldCipher(key);
 * const stored = cipher.encrypt('idNumber', '33110219900307001X');
 * cipher.decrypt('idNumber', stored) === '33110219900307001X'
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import type { FieldCipher } from '../core/ports';

export type { FieldCipher };

export function fieldCipher(keyB64url: string): FieldCipher {
  const key = Buffer.from(keyB64url, 'base64url');
  if (key.length !== 32) throw new RangeError('field key must be 32 bytes');
  return {
    encrypt(field, plaintext) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(field));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', nonce.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    decrypt(field, stored) {
      const [version, nonce, ct, tag] = stored.split('.');
      if (version !== 'v1' || nonce === undefined || ct === undefined || tag === undefined) throw new Error('not a field ciphertext');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(field));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

