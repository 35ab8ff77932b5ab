import { randomBytes } from 'node:crypto';
import { CodeKeyRing, holderRefSealer, NoSigningKeyError, signCodeWith, CODE_VALIDITY_SECONDS } from '../../../functions/adapters/code-keys';
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
    expect(() => ring.signingKey(new Date('2030-01-01T00:00:00Z'))).toThrow(NoSigningKeyError);
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

describe('self-rotating keys from a seed', () => {
  const ring = new CodeKeyRing([], randomBytes(32).toString('base64url'));
  const sealer = holderRefSealer(randomBytes(32).toString('base64url'));
  const publishedAt = (now: Date) => ring.published(now).map((k) => ({ kid: k.kid, publicKey: k.x, notBefore: k.notBefore, notAfter: k.notAfter }));

  test('some key signs at every instant, from now to years ahead, with a 5-character kid', () => {
    for (const at of ['2026-12-02T10:00:00Z', '2023-12-02T10:00:00Z', '2029-12-02T10:00:00Z', '2040-06-30T23:59:59Z']) {
      const key = ring.signingKey(new Date(at));
      expect(key.kid).toMatch(/^k[0-9a-z]{4}$/);
      expect(key.notBefore <= Date.parse(at) && Date.parse(at) <= key.notAfter).toBe(true);
    }
  });

  test('the next key is published a whole period before it signs, and the last one stays while its codes are valid', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    const current = ring.signingKey(now);
    const next = ring.signingKey(new Date(current.notAfter + 1));
    expect(next.kid).not.toBe(current.kid);
    const kidsNow = ring.published(now).map((k) => k.kid);
    expect(kidsNow).toContain(next.kid);
    expect(kidsNow).toContain(current.kid);
    // Just after the rotation, the old key is still published for the codes it signed.
    expect(ring.published(new Date(current.notAfter + 60_000)).map((k) => k.kid)).toContain(current.kid);
  });

  test('a code signed just before a rotation verifies just after it, online and with the keys an offline app fetched', async () => {
    const now = new Date('2026-12-02T10:00:00Z');
    const current = ring.signingKey(now);
    const before = new Date(current.notAfter - 5_000);
    const after = new Date(current.notAfter + 60_000);
    const code = await signCodeWith({ ring, sealer }, newHolderId(), 'green', before);
    expect(code.kid).toBe(current.kid);
    expect(verifyPayload(code.payload, ring.verificationRing(after), after)).toMatchObject({ ok: true });
    // The key list an inspector app cached the day before still verifies the next period's codes.
    const cachedYesterday = publishedAt(new Date(current.notAfter - 24 * 3600_000));
    const fresh = await signCodeWith({ ring, sealer }, newHolderId(), 'green', after);
    expect(verifyPayload(fresh.payload, cachedYesterday, after)).toMatchObject({ ok: true });
  });

  test('pinned keys sign in their window, the seed covers the rest; with neither, a 503 in Chinese', () => {
    const pinned = { kid: 'p1', privateKey: seed(), notBefore: '2026-01-01T00:00:00Z', notAfter: '2026-02-01T00:00:00Z' };
    const mixed = new CodeKeyRing([pinned], randomBytes(32).toString('base64url'));
    expect(mixed.signingKey(new Date('2026-01-15T00:00:00Z')).kid).toBe('p1');
    expect(mixed.signingKey(new Date('2026-03-15T00:00:00Z')).kid).toMatch(/^k[0-9a-z]{4}$/);
    const lapsed = new CodeKeyRing([pinned]);
    try {
      lapsed.signingKey(new Date('2026-03-15T00:00:00Z'));
      throw new Error('should not sign');
    } catch (err) {
      expect(err).toMatchObject({ status: 503 });
      expect((err as Error).message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
