import { randomBytes, generateKeyPairSync } from 'node:crypto';
import { z } from 'zod';

/**
 * Secrets of one deployment. On AWS they sit in one SecureString SSM parameter (named by
 * SECRETS_PARAMETER); the field-encryption data key in it is itself wrapped by KMS (envelope
 * encryption) and unwrapped at cold start. Locally, `npm start` and the tests generate fresh
 * ones and pass them as SECRETS_JSON: no secret is ever committed.
 */
const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/);

export const codeKeySchema = z.object({
  kid: z.string().min(1).max(16),
  /** Ed25519 private key seed, 32 bytes, base64url. */
  privateKey: b64url,
  notBefore: z.string(),
  notAfter: z.string(),
});

export const secretsSchema = z.object({
  /** HMAC key for session JWTs (HS256). */
  sessionKey: b64url,
  /** Code-signing key ring; the newest key valid now signs, older ones stay until their payloads expire. */
  codeKeys: z.array(codeKeySchema).min(1),
  /** AES-256-GCM data key for ID numbers at rest (plain locally; see fieldKeyWrapped). */
  fieldKey: b64url.optional(),
  /** The same data key encrypted by KMS (AWS stages). */
  fieldKeyWrapped: z.string().optional(),
  /** HMAC key for document-hash lookups. */
  lookupKey: b64url,
  /** AES key that seals holder references inside QR payloads. */
  holderRefKey: b64url,
  alipay: z
    .object({
      appId: z.string(),
      privateKey: z.string(),
      alipayPublicKey: z.string(),
      encryptKey: z.string().optional(),
      gateway: z.string().optional(),
    })
    .optional(),
  dingtalk: z
    .object({ appKey: z.string(), appSecret: z.string(), corpId: z.string().optional(), gateway: z.string().optional(), timeoutMs: z.number().int().positive().optional() })
    .optional(),
});

export type Secrets = z.infer<typeof secretsSchema>;
export type CodeKey = z.infer<typeof codeKeySchema>;

const key32 = () => randomBytes(32).toString('base64url');

/** Fresh secrets for the local stack and the tests. */
export function generateLocalSecrets(now = new Date()): Secrets {
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
  const year = 365 * 24 * 3600 * 1000;
  return {
    sessionKey: key32(),
    codeKeys: [
      {
        kid: `k${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`,
        privateKey: Buffer.from(seed).toString('base64url'),
        notBefore: new Date(now.getTime() - 60_000).toISOString(),
        notAfter: new Date(now.getTime() + year).toISOString(),
      },
    ],
    fieldKey: key32(),
    lookupKey: key32(),
    holderRefKey: key32(),
  };
}

async function fromSsm(parameterName: string): Promise<Secrets> {
  const { getParameter } = await import('@aws-lambda-powertools/parameters/ssm');
  const raw = await getParameter(parameterName, { decrypt: true, maxAge: 300 });
  const parsed = secretsSchema.parse(JSON.parse(raw ?? '{}'));
  if (!parsed.fieldKey && parsed.fieldKeyWrapped) {
    const { KMSClient, DecryptCommand } = await import('@aws-sdk/client-kms');
    const kms = new KMSClient({});
    const out = await kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(parsed.fieldKeyWrapped, 'base64') }));
    parsed.fieldKey = Buffer.from(out.Plaintext ?? new Uint8Array()).toString('base64url');
  }
  return parsed;
}

let loading: Promise<Secrets> | undefined;

/** The secrets of this process, loaded once (SECRETS_JSON locally, SSM + KMS on AWS). */
export function secrets(env: NodeJS.ProcessEnv = process.env): Promise<Secrets> {
  loading ??= (async () => {
    if (env.SECRETS_JSON) return secretsSchema.parse(JSON.parse(env.SECRETS_JSON));
    if (env.SECRETS_PARAMETER) return fromSsm(env.SECRETS_PARAMETER);
    throw new Error('no secrets configured: set SECRETS_JSON (local) or SECRETS_PARAMETER (AWS)');
  })();
  loading.catch(() => { loading = undefined; });
  return loading;
}
