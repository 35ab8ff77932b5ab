import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Ed25519Primitives } from '../../shared/payload';

/**
 * Ed25519 through Node's crypto (OpenSSL) for the backend. The QR codec defaults to pure JS so the
 * mini-programs can verify offline; both sign and verify the same bytes and agree (tests/unit/shared/payload).
 * Key objects are cached per key: a ring holds a handful of keys.
 */
const publicKeys = new Map<string, KeyObject>();
const privateKeys = new Map<string, KeyObject>();

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

function publicKeyObject(raw: Uint8Array): KeyObject | undefined {
  if (raw.length !== 32) return undefined;
  const id = b64url(raw);
  let key = publicKeys.get(id);
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: id }, format: 'jwk' });
    publicKeys.set(id, key);
  }
  return key;
}

/** PKCS#8 DER prefix of an Ed25519 private key (RFC 8410); the 32-byte seed follows it. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function privateKeyObject(seed: Uint8Array): KeyObject {
  const id = b64url(seed);
  let key = privateKeys.get(id);
  if (!key) {
    key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(seed)]), format: 'der', type: 'pkcs8' });
    privateKeys.set(id, key);
  }
  return key;
}

export const nodeEd25519: Ed25519Primitives = {
  sign: (message, seed) => new Uint8Array(sign(null, message, privateKeyObject(seed))),
  verify(signature, message, publicKey) {
    try {
      const key = publicKeyObject(publicKey);
      return key !== undefined && signature.length === 64 && verify(null, message, key, signature);
    } catch {
      return false;
    }
  },
};
