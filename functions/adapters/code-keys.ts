/**
 * The code-signing key ring and holder-reference sealing: everything the backend needs to issue and
 * check the QR payloads of `shared/payload.ts`.
 *
 * Key ring: pinned keys (`secrets().codeKeys`: `{ kid, privateKey (Ed25519 seed), notBefore, notAfter }`)
 * and keys derived from `secrets().codeKeySeed`, one per 30-day period (HKDF-SHA256 of the seed and the
 * period number; kid `k` + the period in 4 base36 digits, 5 characters, so codes stay QR version 7):
 * - the signing key at `now` is the newest pinned key whose window holds `now`, else the period's
 *   derived key: with a seed some key covers every instant, years ahead included, so keys never lapse;
 * - a key is published (GET /v1/keys) from the moment it is configured until every payload it may
 *   have signed has expired (`notAfter` + 180 s validity + 30 s skew); derived keys are published from
 *   the period before theirs, so a rotation never strands a code in flight, and upcoming keys reach
 *   offline verifiers a whole period before they sign anything;
 * - with no key for `now` (pinned keys only, all lapsed) signing throws `NoSigningKeyError`: a Chinese
 *   503 and the `CodeSigningKeyMissing` alarm metric, never a 500.
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
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
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
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DependencyUnavailableError } from '../core/errors';
import { METRICS_NAMESPACE } from '../jobs/metrics';

/** Length of one derived key's signing period. */
export const KEY_PERIOD_MS = 30 * 24 * 3600 * 1000;

/** No key may sign now: a configuration fault that an operator must see, answered as a 503. */
export class NoSigningKeyError extends DependencyUnavailableError {
  constructor() {
    super('健康码暂时无法生成，我们正在处理，请稍后再试；急需通行请联系现场工作人员人工核验');
  }
}

/** The kid of a derived key: `k` and the period number in 4 base36 digits (5 characters in all). */
export function derivedKid(period: number): string {
  return `k${period.toString(36).padStart(4, '0')}`;
}

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

function ringKey(kid: string, seed: Uint8Array, notBefore: number, notAfter: number): RingKey {
  return {
    kid, seed, publicKey: ed25519.getPublicKey(seed), notBefore, notAfter,
    notBeforeIso: new Date(notBefore).toISOString(), notAfterIso: new Date(notAfter).toISOString(),
  };
}

/** A key ring built from pinned keys and an optional seed. Pure: time comes in as `now`. */
export class CodeKeyRing {
  /** The pinned keys, newest first. */
  readonly keys: readonly RingKey[];
  private readonly seed: Buffer | undefined;
  /** Derived keys by period (a few are ever in use at once; the map is bounded). */
  private readonly derived = new Map<number, RingKey>();
  /** Verification entries by period, one stable array per period, so each is compiled once. */
  private readonly rings = new Map<number, readonly KeyRingEntry[]>();

  constructor(configured: readonly CodeKey[], codeKeySeed?: string) {
    this.keys = configured
      .map((k) => {
        const seed = new Uint8Array(Buffer.from(k.privateKey, 'base64url'));
        if (seed.length !== 32) throw new RangeError(`code key ${k.kid}: the seed must be 32 bytes`);
        const notBefore = Date.parse(k.notBefore);
        const notAfter = Date.parse(k.notAfter);
        if (!(notBefore < notAfter)) throw new RangeError(`code key ${k.kid}: notBefore must precede notAfter`);
        return ringKey(k.kid, seed, notBefore, notAfter);
      })
      .sort((a, b) => b.notBefore - a.notBefore);
    if (codeKeySeed !== undefined) {
      this.seed = Buffer.from(codeKeySeed, 'base64url');
      if (this.seed.length !== 32) throw new RangeError('codeKeySeed must be 32 bytes');
    }
    const kids = new Set(this.keys.map((k) => k.kid));
    if (kids.size !== this.keys.length) throw new RangeError('code keys must have distinct kids');
  }

  /** The derived key of a period: signs from its start to its end. */
  private derivedKey(period: number): RingKey | undefined {
    if (!this.seed || period < 0 || period >= 36 ** 4) return undefined;
    let key = this.derived.get(period);
    if (!key) {
      const seed = new Uint8Array(hkdfSync('sha256', this.seed, Buffer.alloc(0), `LSHC1 code key ${period}`, 32));
      key = ringKey(derivedKid(period), seed, period * KEY_PERIOD_MS, (period + 1) * KEY_PERIOD_MS - 1);
      if (this.derived.size >= 64) this.derived.clear();
      this.derived.set(period, key);
    }
    return key;
  }

  /** Derived keys around `now`: the last period's (its payloads may be in flight), this one's, the next one's. */
  private derivedAround(now: Date): RingKey[] {
    const period = Math.floor(now.getTime() / KEY_PERIOD_MS);
    return [period + 1, period, period - 1].map((p) => this.derivedKey(p)).filter((k): k is RingKey => k !== undefined);
  }

  /** The key that signs at `now`: the newest pinned key whose window holds it, else the period's derived key. */
  signingKey(now: Date): RingKey {
    const t = now.getTime();
    const key = this.keys.find((k) => k.notBefore <= t && t <= k.notAfter) ?? this.derivedKey(Math.floor(t / KEY_PERIOD_MS));
    if (!key) throw new NoSigningKeyError();
    return key;
  }

  /** Entries for `verifyPayload` at `now`: the pinned keys and the derived keys around it. */
  verificationRing(now: Date): readonly KeyRingEntry[] {
    const period = Math.floor(now.getTime() / KEY_PERIOD_MS);
    let ring = this.rings.get(period);
    if (!ring) {
      ring = [...this.keys, ...this.derivedAround(now)].map((k) => ({ kid: k.kid, publicKey: k.publicKey, notBefore: k.notBeforeIso, notAfter: k.notAfterIso }));
      if (this.rings.size >= 16) this.rings.clear();
      this.rings.set(period, ring);
    }
    return ring;
  }

  /** Keys to publish at `now`: every key whose payloads may still be valid, upcoming ones included. */
  published(now: Date): PublishedKey[] {
    const graceMs = (MAX_VALIDITY_SECONDS + DEFAULT_SKEW_SECONDS) * 1000;
    return [...this.keys, ...this.derivedAround(now)]
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
  loading ??= secrets().then((s) => ({ ring: new CodeKeyRing(s.codeKeys, s.codeKeySeed), sealer: holderRefSealer(s.holderRefKey) }));
  loading.catch(() => { loading = undefined; });
  return loading;
}

export type { SignedCode } from '../core/ports';
import type { SignedCode } from '../core/ports';

/** Signs a fresh payload for a holder's colour with the current key and a freshly sealed reference. */
export async function signCodeWith(deployment: Deployment, holderId: string, color: Color, now: Date): Promise<SignedCode> {
  let key: RingKey;
  try {
    key = deployment.ring.signingKey(now);
  } catch (err) {
    if (err instanceof NoSigningKeyError) alarmNoSigningKey();
    throw err;
  }
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

/** One EMF line that the `CodeSigningKeyMissing` alarm (serverless.ts) counts: no resident gets a code. */
function alarmNoSigningKey(): void {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'health-code' });
  metrics.addMetric('CodeSigningKeyMissing', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}

/** `signCodeWith` on this deployment's keys. */
export async function signCode(holderId: string, color: Color, now: Date): Promise<SignedCode> {
  return signCodeWith(await codeKeys(), holderId, color, now);
}

/** Verifies a scanned text against this deployment's ring (signature, key window, freshness). Never throws on input. */
export async function verifyCode(text: unknown, now: Date): Promise<PayloadResult<DecodedPayload>> {
  return verifyPayload(text, (await codeKeys()).ring.verificationRing(now), now, { ed25519: nodeEd25519 });
}

/** The holder id inside a verified payload's reference, or undefined when it was not sealed by us. */
export async function unsealHolderRef(holderRef: Uint8Array): Promise<string | undefined> {
  return (await codeKeys()).sealer.open(holderRef);
}

/** The public keys for GET /v1/keys at `now`. */
export async function publishedKeys(now: Date): Promise<PublishedKey[]> {
  return (await codeKeys()).ring.published(now);
}
