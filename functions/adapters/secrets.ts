import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { KID_PATTERN } from '../../shared/payload';
import { DependencyUnavailableError } from '../core/errors';
import { logger } from './logger';

/**
 * Secrets of one deployment. On AWS they sit in one SecureString SSM parameter (named by
 * SECRETS_PARAMETER); the field-encryption data key in it is itself wrapped by KMS (envelope
 * encryption) and unwrapped at cold start. Locally, `npm start` and the tests generate fresh
 * ones and pass them as SECRETS_JSON: no secret is ever committed.
 */
const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/);

export const codeKeySchema = z.object({
  /** The codec's own rule (1–8 of [0-9A-Za-z._-]); 5 characters keep a code at QR version 7. */
  kid: z.string().regex(KID_PATTERN),
  /** Ed25519 private key seed, 32 bytes, base64url. */
  privateKey: b64url,
  notBefore: z.string(),
  notAfter: z.string(),
});

export const secretsSchema = z.object({
  /** HMAC key for session JWTs (HS256). */
  sessionKey: b64url,
  /** Pinned code-signing keys; the newest valid now signs, older ones stay until their payloads expire. */
  codeKeys: z.array(codeKeySchema).default([]),
  /**
   * 32 bytes from which a signing key per 30-day period is derived (code-keys.ts): keys rotate by
   * themselves, each published a period before it signs, and some key covers every instant.
   */
  codeKeySeed: b64url.optional(),
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
  /** The console's DingTalk web-login app (扫码登录): OAuth2 client and the corp of the city's officials. */
  dingtalkConsole: z
    .object({
      clientId: z.string(),
      clientSecret: z.string(),
      corpId: z.string(),
      apiGateway: z.string().optional(),
      gateway: z.string().optional(),
      timeoutMs: z.number().int().positive().optional(),
    })
    .optional(),
});

export type Secrets = z.infer<typeof secretsSchema>;
/** A deployment needs pinned keys, a seed, or both; neither would fail every code request. */
export const deployableSecrets = secretsSchema.refine((s) => s.codeKeys.length > 0 || s.codeKeySeed !== undefined, {
  message: 'codeKeys or codeKeySeed is required',
  path: ['codeKeySeed'],
});
export type CodeKey = z.infer<typeof codeKeySchema>;

const key32 = () => randomBytes(32).toString('base64url');

/** Fresh secrets for the local stack and the tests: self-rotating code keys from a fresh seed. */
export function generateLocalSecrets(): Secrets {
  return {
    sessionKey: key32(),
    codeKeys: [],
    codeKeySeed: key32(),
    fieldKey: key32(),
    lookupKey: key32(),
    holderRefKey: key32(),
  };
}

/**
 * The secrets could not be read: not written yet (`npm run secrets` after the first deploy), malformed,
 * or their key refused. A Chinese 503 to the caller, and the reason, without any value, in the log.
 */
export class SecretsUnavailableError extends DependencyUnavailableError {
  constructor(cause: unknown) {
    super('服务正在准备中，暂时无法办理，请稍后再试', undefined, { cause });
  }
}

async function fromSsm(parameterName: string): Promise<Secrets> {
  try {
    return await readSsm(parameterName);
  } catch (err) {
    logger.error('secrets unavailable', { parameterName, errorName: (err as Error | undefined)?.name, reason: err instanceof z.ZodError ? 'invalid secrets' : undefined });
    throw new SecretsUnavailableError(err);
  }
}

async function readSsm(parameterName: string): Promise<Secrets> {
  // Imported when first needed, from the runtime's SDK: a function's init loads no SSM or KMS client.
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const out = await new SSMClient({}).send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }));
  const raw = out.Parameter?.Value;
  const parsed = deployableSecrets.parse(JSON.parse(raw ?? '{}'));
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
    if (env.SECRETS_JSON) return deployableSecrets.parse(JSON.parse(env.SECRETS_JSON));
    if (env.SECRETS_PARAMETER) return fromSsm(env.SECRETS_PARAMETER);
    throw new Error('no secrets configured: set SECRETS_JSON (local) or SECRETS_PARAMETER (AWS)');
  })();
  loading.catch(() => { loading = undefined; });
  return loading;
}
