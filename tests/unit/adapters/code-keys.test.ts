import { randomBytes } from 'node:crypto';
import { CodeKeyRing, holderRefSealer, signCodeWith, CODE_VALIDITY_SECONDS } from '../../../functions/adapters/code-keys';
import { newHolderId } from '../../../functions/core/holder-state';
import { decodePayload, verifyPayload } from '../../../shared/payload';

const seed = () => randomBytes(32).toString('base64url');
const oldKey = { kid: 'k1', privateKey: seed(), notBefore: '2026-01-01T00:00:00Z', notAfter: '2026-03-01T00:00:00Z' };
const newKey = { kid: 'k2', privateKey: seed(), notBefore: '2026-02-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z' };
const nextKey = { kid: 'k3', privateKey: seed(), notBefore: '2027-01-01T00:00:00Z', notAfter: '2028-01-01T00:00:00Z' };

describe('code key ring', () => {
  const ring = new CodeKeyRing([oldKey, newKey, nextKey]);
  const sealer = holderRefSealer(randomBytes(32).toString('base64url'));

  test('the newest key valid now signs', () => {
    expect(ring.signingKey(new Date('2026-01-15T00:00:00Z')).kid).toBe('k1');
    expect(ring.signingKey(new Date('2026-02-15T00:00:00Z')).kid).toBe('k2');
    expect(() => ring.signingKey(new Date('2030-01-01T00:00:00Z'))).toThrow();
  });

  test('an old key stays published while its payloads can be valid, then goes', () => {
    const kids = (at: string) => ring.published(new Date(at)).map((k) => k.kid);
    expect(kids('2026-03-01T00:03:00Z')).toEqual(['k3', 'k2', 'k1']);
    expect(kids('2026-03-01T00:04:00Z')).toEqual(['k3', 'k2']);
    for (const key of ring.published(new Date('2026-02-15T00:00:00Z'))) {
      expect(key).toMatchObject({ alg: 'EdDSA', crv: 'Ed25519' });
      expect(key.x).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });

  test('a signed code verifies with the published keys and opens to the holder id; two codes share no reference byte', async () => {
    const now = new Date('2026-02-15T08:00:00Z');
    const holderId = newHolderId();
    const a = await signCodeWith({ ring, sealer }, holderId, 'yellow', now);
    const b = await signCodeWith({ ring, sealer }, holderId, 'yellow', now);
    expect(a.payload).not.toBe(b.payload);
    const published = ring.published(now).map((k) => ({ kid: k.kid, publicKey: k.x, notBefore: k.notBefore, notAfter: k.notAfter }));
    const checked = verifyPayload(a.payload, published, now);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.payload).toMatchObject({ color: 'yellow', kid: 'k2' });
    expect(checked.payload.expiresAt - checked.payload.issuedAt).toBe(CODE_VALIDITY_SECONDS);
    expect(await sealer.open(checked.payload.holderRef)).toBe(holderId);
    const refB = (decodePayload(b.payload) as { ok: true; payload: { holderRef: Uint8Array } }).payload.holderRef;
    const shared = checked.payload.holderRef.filter((byte, i) => byte === refB[i]).length;
    expect(shared).toBeLessThan(8);
    // Expired after validity + skew.
    expect(verifyPayload(a.payload, published, new Date(now.getTime() + (CODE_VALIDITY_SECONDS + 31) * 1000))).toEqual({ ok: false, reason: 'expired' });
  });

  test('a reference sealed under another key, or tampered, does not open', async () => {
    const holderId = newHolderId();
    const ref = await sealer.seal(holderId);
    expect(await holderRefSealer(randomBytes(32).toString('base64url')).open(ref)).toBeUndefined();
    const tampered = ref.slice();
    tampered[15] ^= 1;
    expect(await sealer.open(tampered)).toBeUndefined();
    expect(await sealer.open(ref.slice(0, 20))).toBeUndefined();
    await expect(sealer.seal('not-a-holder-id')).rejects.toThrow(RangeError);
  });
});
