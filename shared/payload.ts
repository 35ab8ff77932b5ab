/**
 * The health-code QR payload: a small signed binary record, as Base45 text behind a scheme tag.
 *
 * Text:   `LSHC1:` + Base45(bytes)  (RFC 9285; every character is in the QR alphanumeric set)
 *
 * Bytes (big-endian):
 *   0      version         0x01
 *   1      colour          0 green, 1 yellow, 2 red
 *   2      kid length k    1–8, then k bytes of kid ([0-9A-Za-z._-])
 *   +0     issuedAt        uint32, Unix seconds
 *   +4     validity        uint8, 1–180 seconds; expiresAt = issuedAt + validity
 *   +5     holderRef len h 8–48, then h bytes of holderRef
 *   end-64 signature       Ed25519 over "LSHC1" ‖ every byte before the signature
 *
 * Why Base45: measured with `qrcode` at error correction M, the same bytes as Base45 in alphanumeric
 * mode need one or two QR versions fewer than base64url in byte mode (`npm run bench` prints both).
 * Size of a real code (36-byte sealed holderRef): with the deployed 5-character kid ('k' + 4 base36)
 * it is 177 characters, version 7 (45×45), one character under version 7's 178 at level M. Every kid
 * byte adds 1.5 characters, so a 7-character kid gives 180 characters, version 8. A 16-byte holderRef
 * gives version 6; the largest payload the limits above allow (129 bytes) is version 8.
 *
 * The holder reference is opaque here. The backend seals it (`HolderRefSealer`): AES-256-GCM under a
 * server key, with a fresh random 96-bit nonce per payload, holderRef = nonce ‖ ciphertext ‖ tag. So
 * two payloads of one person share no byte that identifies them; only the server can open it.
 *
 * Verification is pure JavaScript (@noble/curves, RFC 8032 strict, which matches Node's crypto), with no
 * Node-only API, so the inspector mini-program can verify offline with the `/v1/keys` ring. Parsing is
 * strict and never throws: every failure is a typed result.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import type { Color } from './rules/schema';

export const PAYLOAD_SCHEME = 'LSHC1:';
export const PAYLOAD_VERSION = 1;
export const MAX_VALIDITY_SECONDS = 180;
export const DEFAULT_SKEW_SECONDS = 30;
export const KID_MAX_LENGTH = 8;
export const HOLDER_REF_MIN_BYTES = 8;
export const HOLDER_REF_MAX_BYTES = 48;

const SIGNATURE_BYTES = 64;
const SIGNING_CONTEXT = new Uint8Array([0x4c, 0x53, 0x48, 0x43, 0x31]); // "LSHC1"
const COLORS: readonly Color[] = ['green', 'yellow', 'red'];
const MAX_BYTES = 3 + KID_MAX_LENGTH + 5 + 1 + HOLDER_REF_MAX_BYTES + SIGNATURE_BYTES;
/** Longest valid text; anything longer is rejected before decoding. */
export const MAX_PAYLOAD_TEXT_LENGTH = PAYLOAD_SCHEME.length + Math.ceil(MAX_BYTES / 2) * 3;
/** The one key-id rule, for the codec and for the secrets that configure keys. */
export const KID_PATTERN = /^[0-9A-Za-z._-]{1,8}$/;
const KID = KID_PATTERN;

/** What a payload says. Times are Unix seconds. */
export interface PayloadFields {
  color: Color;
  issuedAt: number;
  /** At most 180 s after `issuedAt`. */
  expiresAt: number;
  /** Opaque, sealed by the backend; 8–48 bytes. */
  holderRef: Uint8Array;
}

export interface DecodedPayload extends PayloadFields {
  version: number;
  kid: string;
  /** The exact bytes the signature covers (context excluded). */
  signedBytes: Uint8Array;
  signature: Uint8Array;
}

export type PayloadRejection = 'malformed' | 'bad-signature' | 'unknown-key' | 'expired' | 'not-yet-valid';

export type PayloadResult<T> = { ok: true; payload: T } | { ok: false; reason: PayloadRejection };

/**
 * A public key as `/v1/keys` lists it. `publicKey` is the raw 32 bytes, or the JWK `x` (base64url).
 * `notBefore` / `notAfter` are ISO 8601: the key signs payloads issued in that window only.
 */
export interface KeyRingEntry {
  kid: string;
  publicKey: Uint8Array | string;
  notBefore: string;
  notAfter: string;
}

/**
 * Seals and opens holder references. Implemented by the backend only (it holds the key):
 * AES-256-GCM, fresh random 12-byte nonce per call, holderRef = nonce ‖ ciphertext ‖ 16-byte tag.
 * Keep the plaintext short (an 8-byte internal holder number gives 36 bytes, QR version 7 with a 5-character kid).
 */
export interface HolderRefSealer {
  seal(holderId: string): Promise<Uint8Array>;
  /** undefined when the reference does not open under any current key. */
  open(holderRef: Uint8Array): Promise<string | undefined>;
}

// ---------------------------------------------------------------------------------------------
// Base45 (RFC 9285). Written here: the npm packages either need Node's Buffer or ignore a
// Uint8Array's byteOffset, and ours must reject every non-canonical input without throwing.

const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const B45_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B45.length; i++) B45_VALUE[B45.charCodeAt(i)] = i;

/** Base45 text of bytes. @example base45Encode(new Uint8Array([0x41, 0x42])) === 'BB8' */
export function base45Encode(bytes: Uint8Array): string {
  let text = '';
  let i = 0;
  for (; i + 1 < bytes.length; i += 2) {
    const n = bytes[i]! * 256 + bytes[i + 1]!;
    text += B45[n % 45]! + B45[Math.floor(n / 45) % 45]! + B45[Math.floor(n / 2025)]!;
  }
  if (i < bytes.length) {
    const n = bytes[i]!;
    text += B45[n % 45]! + B45[Math.floor(n / 45)]!;
  }
  return text;
}

/** Bytes of Base45 text, or undefined when it is not canonical Base45. Never throws. */
export function base45Decode(text: string): Uint8Array | undefined {
  const rest = text.length % 3;
  if (rest === 1) return undefined;
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (rest === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const c = b45Char(text, i);
    const d = b45Char(text, i + 1);
    if (c < 0 || d < 0) return undefined;
    if (i + 2 < text.length) {
      const e = b45Char(text, i + 2);
      const n = c + d * 45 + e * 2025;
      if (e < 0 || n > 0xffff) return undefined;
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      const n = c + d * 45;
      if (n > 0xff) return undefined;
      out[o++] = n;
    }
  }
  return out;
}

function b45Char(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code < 128 ? B45_VALUE[code]! : -1;
}

// ---------------------------------------------------------------------------------------------
// base64url (for `x` in /v1/keys); `atob` is not in every mini-program runtime.

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64URL.length; i++) B64_VALUE[B64URL.charCodeAt(i)] = i;

/** Bytes of unpadded base64url, or undefined. */
export function base64UrlDecode(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? B64_VALUE[code]! : -1;
    if (v < 0) return undefined;
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, so that each key has one spelling.
  if ((value & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Encode / decode

function fieldsProblem(fields: PayloadFields, kid: string): string | undefined {
  if (!KID.test(kid)) return 'kid must be 1–8 characters of [0-9A-Za-z._-]';
  if (!COLORS.includes(fields.color)) return 'unknown colour';
  if (!Number.isInteger(fields.issuedAt) || fields.issuedAt < 0 || fields.issuedAt > 0xffffffff) return 'issuedAt must be whole Unix seconds';
  const validity = fields.expiresAt - fields.issuedAt;
  if (!Number.isInteger(validity) || validity < 1 || validity > MAX_VALIDITY_SECONDS) return `expiresAt must be 1–${MAX_VALIDITY_SECONDS} s after issuedAt`;
  const h = fields.holderRef.length;
  if (h < HOLDER_REF_MIN_BYTES || h > HOLDER_REF_MAX_BYTES) return `holderRef must be ${HOLDER_REF_MIN_BYTES}–${HOLDER_REF_MAX_BYTES} bytes`;
  return undefined;
}

function bodyBytes(fields: PayloadFields, kid: string): Uint8Array {
  const h = fields.holderRef.length;
  const body = new Uint8Array(3 + kid.length + 5 + 1 + h);
  let o = 0;
  body[o++] = PAYLOAD_VERSION;
  body[o++] = COLORS.indexOf(fields.color);
  body[o++] = kid.length;
  for (let i = 0; i < kid.length; i++) body[o++] = kid.charCodeAt(i);
  const at = fields.issuedAt;
  body[o++] = (at >>> 24) & 0xff;
  body[o++] = (at >>> 16) & 0xff;
  body[o++] = (at >>> 8) & 0xff;
  body[o++] = at & 0xff;
  body[o++] = fields.expiresAt - at;
  body[o++] = h;
  body.set(fields.holderRef, o);
  return body;
}

function withContext(signed: Uint8Array): Uint8Array {
  const message = new Uint8Array(SIGNING_CONTEXT.length + signed.length);
  message.set(SIGNING_CONTEXT);
  message.set(signed, SIGNING_CONTEXT.length);
  return message;
}

/**
 * The message an Ed25519 signature of this payload covers: "LSHC1" ‖ signed bytes. Exported so that a
 * KMS-backed signer, or a cross-check with Node's crypto, signs exactly the same bytes.
 */
export function signingMessage(decoded: Pick<DecodedPayload, 'signedBytes'>): Uint8Array {
  return withContext(decoded.signedBytes);
}

/**
 * Signs the fields with an Ed25519 private key (the 32-byte seed) and returns the QR text.
 * Throws a RangeError for fields outside the format (a programming error, not input).
 * @example signPayload({ color: 'green', issuedAt: t, expiresAt: t + 120, holderRef }, seed, 'k1')
 */
export function signPayload(fields: PayloadFields, privateKey: Uint8Array, kid: string, primitives: Ed25519Primitives = nobleEd25519): string {
  const problem = fieldsProblem(fields, kid);
  if (problem !== undefined) throw new RangeError(`payload: ${problem}`);
  const body = bodyBytes(fields, kid);
  const signature = primitives.sign(withContext(body), privateKey);
  const bytes = new Uint8Array(body.length + SIGNATURE_BYTES);
  bytes.set(body);
  bytes.set(signature, body.length);
  return PAYLOAD_SCHEME + base45Encode(bytes);
}

/** Parses the text without checking the signature or the time. Never throws. */
export function decodePayload(text: unknown): PayloadResult<DecodedPayload> {
  const malformed = { ok: false, reason: 'malformed' } as const;
  if (typeof text !== 'string' || text.length > MAX_PAYLOAD_TEXT_LENGTH || !text.startsWith(PAYLOAD_SCHEME)) return malformed;
  const bytes = base45Decode(text.slice(PAYLOAD_SCHEME.length));
  if (bytes === undefined || bytes.length < 3) return malformed;
  const version = bytes[0]!;
  const colorByte = bytes[1]!;
  const k = bytes[2]!;
  if (version !== PAYLOAD_VERSION || colorByte >= COLORS.length || k < 1 || k > KID_MAX_LENGTH) return malformed;
  let o = 3;
  if (bytes.length < o + k + 6) return malformed;
  let kid = '';
  for (let i = 0; i < k; i++) kid += String.fromCharCode(bytes[o++]!);
  if (!KID.test(kid)) return malformed;
  const issuedAt = bytes[o]! * 0x1000000 + (bytes[o + 1]! << 16) + (bytes[o + 2]! << 8) + bytes[o + 3]!;
  const validity = bytes[o + 4]!;
  const h = bytes[o + 5]!;
  o += 6;
  if (validity < 1 || validity > MAX_VALIDITY_SECONDS || h < HOLDER_REF_MIN_BYTES || h > HOLDER_REF_MAX_BYTES) return malformed;
  if (bytes.length !== o + h + SIGNATURE_BYTES) return malformed;
  return {
    ok: true,
    payload: {
      version,
      kid,
      color: COLORS[colorByte]!,
      issuedAt,
      expiresAt: issuedAt + validity,
      holderRef: bytes.slice(o, o + h),
      signedBytes: bytes.subarray(0, o + h),
      signature: bytes.slice(o + h),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Verify

interface RingKey {
  publicKey: Uint8Array | undefined;
  notBefore: number;
  notAfter: number;
}

const compiledRings = new WeakMap<readonly KeyRingEntry[], Map<string, RingKey[]>>();

function compileRing(ring: readonly KeyRingEntry[]): Map<string, RingKey[]> {
  let keys = compiledRings.get(ring);
  if (keys) return keys;
  keys = new Map();
  for (const entry of ring) {
    const raw = typeof entry.publicKey === 'string' ? base64UrlDecode(entry.publicKey) : entry.publicKey;
    const key: RingKey = {
      publicKey: raw !== undefined && raw.length === 32 ? raw : undefined,
      notBefore: Date.parse(entry.notBefore) / 1000,
      notAfter: Date.parse(entry.notAfter) / 1000,
    };
    const list = keys.get(entry.kid);
    if (list) list.push(key);
    else keys.set(entry.kid, [key]);
  }
  compiledRings.set(ring, keys);
  return keys;
}

/** Key ring entries from the `/v1/keys` response body. */
export function keyRingFromKeys(body: { keys: readonly { kid: string; x: string; notBefore: string; notAfter: string }[] }): KeyRingEntry[] {
  return body.keys.map(({ kid, x, notBefore, notAfter }) => ({ kid, publicKey: x, notBefore, notAfter }));
}

export interface VerifyOptions {
  /** Accepted clock difference between issuer and verifier, each way. Default 30. */
  skewSeconds?: number;
  /** The Ed25519 implementation; pure JS by default. */
  ed25519?: Ed25519Primitives;
}

/**
 * Verifies a scanned text against a key ring at `now`:
 * 1. strict parse (`malformed`);
 * 2. a key with that kid whose window holds issuedAt (`unknown-key`);
 * 3. the Ed25519 signature (`bad-signature`), before any field is trusted;
 * 4. time: `expired` once now > expiresAt + skew, `not-yet-valid` while now < issuedAt − skew.
 * Pass the same ring array each time: it is compiled once per array. Never throws.
 */
export function verifyPayload(
  text: unknown,
  keyRing: readonly KeyRingEntry[],
  now: Date,
  { skewSeconds = DEFAULT_SKEW_SECONDS, ed25519: primitives = nobleEd25519 }: VerifyOptions = {},
): PayloadResult<DecodedPayload> {
  const decoded = decodePayload(text);
  if (!decoded.ok) return decoded;
  const payload = decoded.payload;
  const candidates = compileRing(keyRing).get(payload.kid);
  let usable = false;
  let valid = false;
  for (const key of candidates ?? []) {
    if (key.publicKey === undefined || !(key.notBefore <= payload.issuedAt && payload.issuedAt <= key.notAfter)) continue;
    usable = true;
    if (primitives.verify(payload.signature, withContext(payload.signedBytes), key.publicKey)) {
      valid = true;
      break;
    }
  }
  if (!usable) return { ok: false, reason: 'unknown-key' };
  if (!valid) return { ok: false, reason: 'bad-signature' };
  const nowSeconds = now.getTime() / 1000;
  if (nowSeconds > payload.expiresAt + skewSeconds) return { ok: false, reason: 'expired' };
  if (nowSeconds < payload.issuedAt - skewSeconds) return { ok: false, reason: 'not-yet-valid' };
  return decoded;
}

/**
 * The two Ed25519 operations the codec needs. The default is pure JS (@noble/curves), which runs in
 * the mini-programs; the backend passes Node's crypto (same bytes, same answers, ~15× faster here).
 * `verify` must return false, never throw, on any input.
 */
export interface Ed25519Primitives {
  sign(message: Uint8Array, seed: Uint8Array): Uint8Array;
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

export const nobleEd25519: Ed25519Primitives = {
  sign: (message, seed) => ed25519.sign(message, seed),
  verify(signature, message, publicKey) {
    try {
      // zip215 off: RFC 8032 strict verification, the rule Node's crypto (OpenSSL) applies.
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
};
