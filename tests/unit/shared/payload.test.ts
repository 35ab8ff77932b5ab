import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, randomBytes, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import fc from 'fast-check';
import QRCode from 'qrcode';
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  HOLDER_REF_MAX_BYTES,
  KID_MAX_LENGTH,
  MAX_PAYLOAD_TEXT_LENGTH,
  PAYLOAD_SCHEME,
  base45Decode,
  base45Encode,
  decodePayload,
  keyRingFromKeys,
  signPayload,
  signingMessage,
  verifyPayload,
  type HolderRefSealer,
  type KeyRingEntry,
  type PayloadFields,
} from '../../../shared/payload';

const seed = ed25519.utils.randomSecretKey();
const publicKey = ed25519.getPublicKey(seed);
const x = Buffer.from(publicKey).toString('base64url');
const ring: KeyRingEntry[] = [{ kid: 'k1', publicKey: x, notBefore: '2020-01-01T00:00:00+08:00', notAfter: '2030-01-01T00:00:00+08:00' }];
const T = Date.parse('2020-03-10T10:00:00+08:00') / 1000;
const at = (seconds: number) => new Date(seconds * 1000);

/** The backend's sealing, as documented: AES-256-GCM, random 12-byte nonce, nonce ‖ ciphertext ‖ tag. */
function gcmSealer(key: Buffer): HolderRefSealer {
  return {
    async seal(holderId) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([cipher.update(Buffer.from(holderId, 'hex')), cipher.final()]);
      return new Uint8Array(Buffer.concat([nonce, body, cipher.getAuthTag()]));
    },
    async open(ref) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, ref.subarray(0, 12));
        decipher.setAuthTag(ref.subarray(ref.length - 16));
        return Buffer.concat([decipher.update(ref.subarray(12, ref.length - 16)), decipher.final()]).toString('hex');
      } catch {
        return undefined;
      }
    },
  };
}
const sealer = gcmSealer(randomBytes(32));
const HOLDER = '00000000002625a0'; // an 8-byte internal holder number

async function fields(overrides: Partial<PayloadFields> = {}): Promise<PayloadFields> {
  return { color: 'green', issuedAt: T, expiresAt: T + 180, holderRef: await sealer.seal(HOLDER), ...overrides };
}

function bytesOf(text: string): Uint8Array {
  return base45Decode(text.slice(PAYLOAD_SCHEME.length))!;
}
function textOf(bytes: Uint8Array): string {
  return PAYLOAD_SCHEME + base45Encode(bytes);
}

describe('Base45', () => {
  it('matches the RFC 9285 examples', () => {
    expect(base45Encode(new TextEncoder().encode('AB'))).toBe('BB8');
    expect(base45Encode(new TextEncoder().encode('Hello!!'))).toBe('%69 VD92EX0');
    expect(base45Encode(new TextEncoder().encode('base-45'))).toBe('UJCLQE7W581');
    expect(new TextDecoder().decode(base45Decode('QED8WEX0'))).toBe('ietf!');
  });
  it('rejects non-canonical input', () => {
    for (const bad of ['GGW', 'A', 'ab', ':::', 'BB8Ä', '%6']) expect(base45Decode(bad)).toBeUndefined();
  });
  it('round-trips any bytes, including views into a larger buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(8), (bytes, skip) => {
        const view = new Uint8Array(bytes.length + skip).subarray(skip);
        view.set(bytes);
        expect(base45Decode(base45Encode(view))).toEqual(bytes);
      }),
    );
  });
});

describe('payload codec', () => {
  it('round-trips, and the holder reference opens on the server', async () => {
    const f = await fields({ color: 'red', expiresAt: T + 120 });
    const text = signPayload(f, seed, 'k1');
    expect(text.startsWith('LSHC1:')).toBe(true);
    const result = verifyPayload(text, ring, at(T + 60));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.payload).toMatchObject({ version: 1, kid: 'k1', color: 'red', issuedAt: T, expiresAt: T + 120 });
    expect(await sealer.open(result.payload.holderRef)).toBe(HOLDER);
  });

  it('accepts a ring built from the /v1/keys body and raw-byte keys', async () => {
    const text = signPayload(await fields(), seed, 'k1');
    const fromKeys = keyRingFromKeys({ keys: [{ kid: 'k1', alg: 'EdDSA', crv: 'Ed25519', x, notBefore: ring[0]!.notBefore, notAfter: ring[0]!.notAfter } as never] });
    expect(verifyPayload(text, fromKeys, at(T)).ok).toBe(true);
    expect(verifyPayload(text, [{ ...ring[0]!, publicKey }], at(T)).ok).toBe(true);
  });

  it('rejects every single-bit flip of the signed bytes and of the signature', async () => {
    const text = signPayload(await fields(), seed, 'k1');
    const bytes = bytesOf(text);
    const reasons = new Set<string>();
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = bytes.slice();
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      const result = verifyPayload(textOf(flipped), ring, at(T));
      expect(result.ok).toBe(false);
      if (!result.ok) reasons.add(result.reason);
    }
    expect([...reasons].sort()).toEqual(['bad-signature', 'malformed', 'unknown-key']);
  });

  it('rejects truncated, extended, oversized and random input without throwing', async () => {
    const text = signPayload(await fields(), seed, 'k1');
    for (let n = 0; n < text.length; n++) expect(verifyPayload(text.slice(0, n), ring, at(T))).toEqual({ ok: false, reason: 'malformed' });
    const bytes = bytesOf(text);
    expect(verifyPayload(textOf(new Uint8Array([...bytes, 0])), ring, at(T))).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyPayload(text + 'A'.repeat(MAX_PAYLOAD_TEXT_LENGTH), ring, at(T))).toEqual({ ok: false, reason: 'malformed' });
    for (const other of [undefined, null, 42, {}, '', 'https://example.com/qr?id=1', 'lshc1:' + text.slice(6), 'HC1:' + text.slice(6)]) {
      expect(verifyPayload(other, ring, at(T))).toEqual({ ok: false, reason: 'malformed' });
    }
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }).map((s) => PAYLOAD_SCHEME + s), fc.uint8Array({ maxLength: 200 }).map(textOf)), (input) => {
        const result = verifyPayload(input, ring, at(T));
        expect(result.ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('applies expiry and the 30 s skew rule', async () => {
    const text = signPayload(await fields({ expiresAt: T + 180 }), seed, 'k1');
    expect(verifyPayload(text, ring, at(T + 180 + 30)).ok).toBe(true);
    expect(verifyPayload(text, ring, at(T + 180 + 30.001))).toEqual({ ok: false, reason: 'expired' });
    expect(verifyPayload(text, ring, at(T - 30)).ok).toBe(true);
    expect(verifyPayload(text, ring, at(T - 30.001))).toEqual({ ok: false, reason: 'not-yet-valid' });
    expect(verifyPayload(text, ring, at(T + 181), { skewSeconds: 0 })).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects an unknown kid, and a key outside its validity window', async () => {
    const text = signPayload(await fields(), seed, 'k2');
    expect(verifyPayload(text, ring, at(T))).toEqual({ ok: false, reason: 'unknown-key' });
    const retired = [{ ...ring[0]!, notAfter: '2020-03-01T00:00:00+08:00' }];
    expect(verifyPayload(signPayload(await fields(), seed, 'k1'), retired, at(T))).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('rejects a payload signed by another key under a known kid', async () => {
    const text = signPayload(await fields(), ed25519.utils.randomSecretKey(), 'k1');
    expect(verifyPayload(text, ring, at(T))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses to sign fields outside the format', async () => {
    await expect(fields({ expiresAt: T + 181 }).then((f) => signPayload(f, seed, 'k1'))).rejects.toThrow(RangeError);
    await expect(fields({ holderRef: new Uint8Array(HOLDER_REF_MAX_BYTES + 1) }).then((f) => signPayload(f, seed, 'k1'))).rejects.toThrow(RangeError);
    await expect(fields().then((f) => signPayload(f, seed, 'k'.repeat(KID_MAX_LENGTH + 1)))).rejects.toThrow(RangeError);
  });

  it('two payloads of one person cannot be linked', async () => {
    // Same person, same second, same colour: only the format fields (version, colour, kid, times,
    // lengths) may be equal, and those are equal for everyone who gets a code that second. The
    // holder reference and the signature must differ, and look like independent random bytes.
    const [a1, a2, b1] = await Promise.all([fields(), fields(), sealer.seal('00000000000f4240').then((holderRef) => fields({ holderRef }))]);
    const [p1, p2, q1] = [a1, a2, b1].map((f) => bytesOf(signPayload(f, seed, 'k1')));
    const equalPositions = (u: Uint8Array, v: Uint8Array) => [...u.keys()].filter((i) => u[i] === v[i]);
    const headerLength = 3 + 2 + 5 + 1;
    // A third party sees the same equalities for the same person as for two different people.
    expect(equalPositions(p1!, p2!).filter((i) => i < headerLength)).toEqual(equalPositions(p1!, q1!).filter((i) => i < headerLength));
    const rest = (u: Uint8Array) => u.subarray(headerLength);
    const sameAfterHeader = equalPositions(rest(p1!), rest(p2!)).length;
    // 100 bytes of independent randomness agree in about 100/256 places; 6 or more is a 1-in-2000 event.
    expect(sameAfterHeader).toBeLessThan(6);
    // Yet the server still finds the person from either payload.
    const second = decodePayload(textOf(p2!));
    expect(second.ok && (await sealer.open(second.payload.holderRef))).toBe(HOLDER);
  });

  it('fits QR version 8 or below at level M, for the largest payload the format allows', () => {
    const largest = signPayload({ color: 'yellow', issuedAt: 0xffffffff - 180, expiresAt: 0xffffffff, holderRef: new Uint8Array(HOLDER_REF_MAX_BYTES).fill(0xff) }, seed, 'k'.repeat(KID_MAX_LENGTH));
    expect(largest.length).toBeLessThanOrEqual(MAX_PAYLOAD_TEXT_LENGTH);
    expect(QRCode.create(largest, { errorCorrectionLevel: 'M' }).version).toBeLessThanOrEqual(8);
  });

  it('a typical payload (36-byte sealed reference) is QR version 7, smaller than base64url would be', async () => {
    const text = signPayload(await fields(), seed, 'k1');
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    expect(qr.version).toBeLessThanOrEqual(7);
    const base64url = 'lshc1:' + Buffer.from(bytesOf(text)).toString('base64url');
    expect(QRCode.create(base64url, { errorCorrectionLevel: 'M' }).version).toBeGreaterThan(qr.version);
  });

  it('noble verify agrees with node:crypto Ed25519 on the same bytes', async () => {
    const nodePrivate = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed)]), format: 'der', type: 'pkcs8' });
    const nodePublic = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKey)]), format: 'der', type: 'spki' });
    const text = signPayload(await fields(), seed, 'k1');
    const decoded = decodePayload(text);
    if (!decoded.ok) throw new Error('decode failed');
    const message = signingMessage(decoded.payload);
    // Deterministic Ed25519: both libraries produce the very same signature.
    expect(new Uint8Array(nodeSign(null, message, nodePrivate))).toEqual(decoded.payload.signature);
    expect(nodeVerify(null, message, nodePublic, decoded.payload.signature)).toBe(true);
    // And both reject the same tampered signatures.
    fc.assert(
      fc.property(fc.nat(63), fc.integer({ min: 1, max: 255 }), (index, mask) => {
        const sig = decoded.payload.signature.slice();
        sig[index]! ^= mask;
        const tampered = textOf(new Uint8Array([...decoded.payload.signedBytes, ...sig]));
        expect(verifyPayload(tampered, ring, at(T)).ok).toBe(nodeVerify(null, message, nodePublic, sig));
      }),
      { numRuns: 300 },
    );
  });
});
