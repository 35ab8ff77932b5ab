import { randomBytes } from 'node:crypto';
import { fieldCipher } from '../../../functions/adapters/field-cipher';
import { documentHashWithKey } from '../../../functions/adapters/document-hash';

describe('field cipher (AES-256-GCM at rest)', () => {
  const cipher = fieldCipher(randomBytes(32).toString('base64url'));
  test('round-trips, never stores the clear text, and uses a fresh nonce each time', () => {
    const a = cipher.encrypt('documentNumber', '11010519491231002X');
    const b = cipher.encrypt('documentNumber', '11010519491231002X');
    expect(a).not.toContain('11010519491231002X');
    expect(a).not.toBe(b);
    expect(cipher.decrypt('documentNumber', a)).toBe('11010519491231002X');
  });
  test('a ciphertext moved to another field or tampered with does not decrypt', () => {
    const a = cipher.encrypt('documentNumber', '11010519491231002X');
    expect(() => cipher.decrypt('name', a)).toThrow();
    const parts = a.split('.');
    parts[2] = parts[2]!.slice(0, -2) + (parts[2]!.endsWith('AA') ? 'AB' : 'AA');
    expect(() => cipher.decrypt('documentNumber', parts.join('.'))).toThrow();
  });
});

describe('document hash', () => {
  test('is keyed, normalised and depends on the document type', () => {
    const key = randomBytes(32).toString('base64url');
    const h = documentHashWithKey(key, 'resident-id', '11010519491231002X');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(documentHashWithKey(key, 'resident-id', ' 11010519491231002x ')).toBe(h);
    expect(documentHashWithKey(randomBytes(32).toString('base64url'), 'resident-id', '11010519491231002X')).not.toBe(h);
    expect(documentHashWithKey(key, 'passport', '11010519491231002X')).not.toBe(h);
  });
});
