import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519.js';
import { nodeEd25519 } from '../../../functions/adapters/ed25519-node';
import { nobleEd25519, signPayload, verifyPayload, type KeyRingEntry } from '../../../shared/payload';

const seed = new Uint8Array(randomBytes(32));
const publicKey = ed25519.getPublicKey(seed);
const ring: KeyRingEntry[] = [{ kid: 'k1', publicKey, notBefore: '2020-01-01T00:00:00Z', notAfter: '2040-01-01T00:00:00Z' }];
const now = new Date('2026-06-01T08:00:00Z');
const fields = { color: 'green' as const, issuedAt: Math.floor(now.getTime() / 1000), expiresAt: Math.floor(now.getTime() / 1000) + 120, holderRef: new Uint8Array(36).fill(7) };

describe("Node's Ed25519 for the backend", () => {
  test('signs exactly what the pure-JS signer signs (Ed25519 is deterministic)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (message) => {
        expect(Buffer.from(nodeEd25519.sign(message, seed))).toEqual(Buffer.from(nobleEd25519.sign(message, seed)));
      }),
      { numRuns: 50 },
    );
  });

  test('a payload signed by either verifies with both; a flipped bit fails with both', () => {
    for (const signer of [nodeEd25519, nobleEd25519]) {
      const text = signPayload(fields, seed, 'k1', signer);
      for (const verifier of [nodeEd25519, nobleEd25519]) {
        expect(verifyPayload(text, ring, now, { ed25519: verifier }).ok).toBe(true);
      }
    }
    const message = new Uint8Array([1, 2, 3]);
    const signature = nodeEd25519.sign(message, seed);
    signature[5] ^= 1;
    expect(nodeEd25519.verify(signature, message, publicKey)).toBe(false);
    expect(nobleEd25519.verify(signature, message, publicKey)).toBe(false);
  });

  test('verify answers false, never throws, on keys and signatures of the wrong size', () => {
    const message = new Uint8Array([1]);
    const signature = nodeEd25519.sign(message, seed);
    expect(nodeEd25519.verify(signature, message, publicKey.subarray(0, 31))).toBe(false);
    expect(nodeEd25519.verify(signature.subarray(0, 63), message, publicKey)).toBe(false);
    expect(nodeEd25519.verify(new Uint8Array(64), message, new Uint8Array(32))).toBe(false);
  });
});
