/**
 * The code-signing key ring and holder-reference sealing: everything the backend needs to issue and
 * check the QR payloads of `shared/payload.ts`.
 *
 * Key ring (from `secrets().codeKeys`: `{ kid, privateKey (Ed25519 seed, base64url), notBefore, notAfter }`):
 * - the signing key at `now` is the newest key (latest `notBefore`) whose window holds `now`;
 * - a key is published (GET /v1/keys) from the moment it is configured until every payload it may
 *   have signed has expired (`notAfter` + 180 s validity + 30 s skew), so a rotation never strands
 *   a code in flight, and upcoming keys reach offline verifiers before they sign anything.
 *
 * Holder references: AES-256-GCM of the holder id's 8 bytes under `holderRefKey`, with a fresh random
 * 96-bit nonce per payload (holderRef = nonce ‖ ciphertext ‖ tag, 36 bytes), so two payloads of one
 * person share no byte, and only the server can tell whose code it is.
 *
 * @example
 * const { payload, issuedAt, expiresAt } = await signCode(holderId, 'green', now);
 * // at the gate:
 * const checked = await verifyCode(payload, now);
 * if (checked.ok) {
 *   const holderId = await unsealHolderRef(checked.payload.holderRef); // undefined: not ours
 *   const status = holderId && (await db.send(new GetCommand({ TableName, Key: keys.status(holderId) }))).Item;
 * }
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { nodeEd25519 } from './ed25519-node';
import {
  DEFAULT_SKEW_SECONDS,
  MAX_VALIDITY_SECONDS,
  signPayload,
  verifyPayload,
  type DecodedPayload,
  type HolderRefSealer,
  type KeyRingEntry,
  type PayloadResult,
} from '../../shared/payload';
import type { Color } from '../../shared/rules/schema';
import { secrets, type CodeKey } from './secrets';

/** How long one payload is valid. */
export const CODE_VALIDITY_SECONDS = 120;
/** When the page fetches a new one: well before expiry, so a slow network never shows an expired code. */
export const CODE_REFRESH_SECONDS = 60;

export interface RingKey {
  kid: string;
  seed: Uint8Array;
  publicKey: Uint8Array;
  notBefore: number;
  notAfter: number;
  notBeforeIso: string;
  notAfterIso: string;
}

export interface PublishedKey {
  kid: string;
  alg: 'EdDSA';
  crv: 'Ed25519';
  x: string;
  notBefore: string;
  notAfter: string;
}

/** A key ring built from configured keys. Pure: time comes in as `now`. */
export class CodeKeyRing {
  readonly keys: readonly RingKey[];
  /** Verification entries for `verifyPayload`; one stable array, so it is compiled once. */
  readonly verificationRing: readonly KeyRingEntry[];

  constructor(configured: readonly CodeKey[]) {
    this.keys = configured
      .map((k) => {
        const seed = new Uint8Array(Buffer.from(k.privateKey, 'base64url'));
        if (seed.length !== 32) throw new RangeError(`code key ${k.kid}: the seed must be 32 bytes`);
        const notBefore = Date.parse(k.notBefore);
        const notAfter = Date.parse(k.notAfter);
        if (!(notBefore < notAfter)) throw new RangeError(`code key ${k.kid}: notBefore must precede notAfter`);
        return {
          kid: k.kid, seed, publicKey: ed25519.getPublicKey(seed), notBefore, notAfter,
          notBeforeIso: new Date(notBefore).toISOString(), notAfterIso: new Date(notAfter).toISOString(),
        };
      })
      .sort((a, b) => b.notBefore - a.notBefore);
    this.verificationRing = this.keys.map((k) => ({ kid: k.kid, publicKey: k.publicKey, notBefore: k.notBeforeIso, notAfter: k.notAfterIso }));
  }

  /** The key that signs at `now`: the newest whose window holds it. Throws when none does (a configuration error). */
  signingKey(now: Date): RingKey {
    const t = now.getTime();
    const key = this.keys.find((k) => k.notBefore <= t && t <= k.notAfter);
    if (!key) throw new Error('no code-signing key is valid now');
    return key;
  }

  /** Keys to publish at `now`: every key whose payloads may still be valid, upcoming ones included. */
  published(now: Date): PublishedKey[] {
    const graceMs = (MAX_VALIDITY_SECONDS + DEFAULT_SKEW_SECONDS) * 1000;
    return this.keys
      .filter((k) => now.getTime() <= k.notAfter + graceMs)
      .map((k) => ({ kid: k.kid, alg: 'EdDSA', crv: 'Ed25519', x: Buffer.from(k.publicKey).toString('base64url'), notBefore: k.notBeforeIso, notAfter: k.notAfterIso }));
  }
}

const HOLDER_ID = /^[A-Za-z0-9_-]{11}$/;
const SEAL_AAD = Buffer.from('LSHC1 holder');

/** Seals holder ids (11-character base64url of 8 bytes) into 36-byte references. */
export function holderRefSealer(holderRefKeyB64url: string): HolderRefSealer {
  const key = Buffer.from(holderRefKeyB64url, 'base64url');
  if (key.length !== 32) throw new RangeError('holderRefKey must be 32 bytes');
  return {
    async seal(holderId) {
      const raw = HOLDER_ID.test(holderId) ? Buffer.from(holderId, 'base64url') : undefined;
      if (!raw || raw.length !== 8 || raw.toString('base64url') !== holderId) throw new RangeError('holder id must be 8 bytes as base64url');
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(SEAL_AAD);
      const ct = Buffer.concat([cipher.update(raw), cipher.final()]);
      return new Uint8Array(Buffer.concat([nonce, ct, cipher.getAuthTag()]));
    },
    async open(holderRef) {
      if (holderRef.length !== 12 + 8 + 16) return undefined;
      try {
        const bytes = Buffer.from(holderRef);
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
        decipher.setAAD(SEAL_AAD);
        decipher.setAuthTag(bytes.subarray(20));
        const raw = Buffer.concat([decipher.update(bytes.subarray(12, 20)), decipher.final()]);
        return raw.toString('base64url');
      } catch {
        return undefined;
      }
    },
  };
}

interface Deployment {
  ring: CodeKeyRing;
  sealer: HolderRefSealer;
}

let loading: Promise<Deployment> | undefined;

/** This deployment's ring and sealer, built once per instance from the secrets. */
export function codeKeys(): Promise<Deployment> {
  loading ??= secrets().then((s) => ({ ring: new CodeKeyRing(s.codeKeys), sealer: holderRefSealer(s.holderRefKey) }));
  loading.catch(() => { loading = undefined; });
  return loading;
}

export interface SignedCode {
  payload: string;
  issuedAt: string;
  expiresAt: string;
  refreshInSeconds: number;
  kid: string;
}

/** Signs a fresh payload for a holder's colour with the current key and a freshly sealed reference. */
export async function signCodeWith(deployment: Deployment, holderId: string, color: Color, now: Date): Promise<SignedCode> {
  const key = deployment.ring.signingKey(now);
  const issued = Math.floor(now.getTime() / 1000);
  const holderRef = await deployment.sealer.seal(holderId);
  const payload = signPayload({ color, issuedAt: issued, expiresAt: issued + CODE_VALIDITY_SECONDS, holderRef }, key.seed, key.kid, nodeEd25519);
  return {
    payload,
    issuedAt: new Date(issued * 1000).toISOString(),
    expiresAt: new Date((issued + CODE_VALIDITY_SECONDS) * 1000).toISOString(),
    refreshInSeconds: CODE_REFRESH_SECONDS,
    kid: key.kid,
  };
}

/** `signCodeWith` on this deployment's keys. */
export async function signCode(holderId: string, color: Color, now: Date): Promise<SignedCode> {
  return signCodeWith(await codeKeys(), holderId, color, now);
}

/** Verifies a scanned text against this deployment's ring (signature, key window, freshness). Never throws on input. */
export async function verifyCode(text: unknown, now: Date): Promise<PayloadResult<DecodedPayload>> {
  return verifyPayload(text, (await codeKeys()).ring.verificationRing, now, { ed25519: nodeEd25519 });
}

/** The holder id inside a verified payload's reference, or undefined when it was not sealed by us. */
export async function unsealHolderRef(holderRef: Uint8Array): Promise<string | undefined> {
  return (await codeKeys()).sealer.open(holderRef);
}

/** The public keys for GET /v1/keys at `now`. */
export async function publishedKeys(now: Date): Promise<PublishedKey[]> {
  return (await codeKeys()).ring.published(now);
}
