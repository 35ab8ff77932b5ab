/**
 * Bodies of the inspector routes (role `inspector`) and the public key list; the routes are listed in functions/routes.ts.
 * `manualCheckRequestAt(now)` is a factory because its identity check needs the time.
 */
import * as z from 'zod';
import {
  authCode,
  color,
  documentNumber,
  documentType,
  identifier,
  maskedHolder,
  temperature,
  timestamp,
  withIdentityCheck,
} from './fields';

// ---- POST /v1/inspector/sessions ----

export const inspectorSessionRequest = z.discriminatedUnion(
  'provider',
  [
    z.strictObject({ provider: z.literal('dingtalk'), authCode, corpId: identifier('企业编号', 128).optional() }),
    z.strictObject({ provider: z.literal('sandbox'), subject: identifier('测试账号', 128) }),
  ],
  { error: '不支持的登录方式' },
);
export type InspectorSessionRequest = z.infer<typeof inspectorSessionRequest>;

export const checkpoint = z.strictObject({ id: identifier('卡口编号'), name: z.string().max(100) });

export const inspectorSessionResponse = z.strictObject({
  token: z.string().min(1).max(4096),
  expiresAt: timestamp,
  inspector: z.strictObject({ name: z.string().max(50), checkpoints: z.array(checkpoint).max(200) }),
});
export type InspectorSessionResponse = z.infer<typeof inspectorSessionResponse>;

// ---- POST /v1/inspector/verifications ----

export const OUTCOMES = ['pass', 'stop', 'invalid'] as const;
export const outcome = z.enum(OUTCOMES);
export type Outcome = (typeof OUTCOMES)[number];

export const INVALID_REASONS = ['expired', 'malformed', 'bad-signature', 'unknown-key', 'not-found', 'revoked'] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];
/** A stop because this payload was already verified at another checkpoint: a fresh code is needed. */
export const USED_ELSEWHERE = 'used-elsewhere';

/**
 * A scanned code. The payload is only length-capped here: garbage, truncated or oversized payloads
 * within the cap are the codec's business and answer 200 `invalid`, not 400.
 */
export const verificationRequest = z.strictObject({
  payload: z.string({ error: '请扫描健康码' }).min(1, '请扫描健康码').max(4096, '二维码内容过长，不是有效的健康码'),
  checkpointId: identifier('卡口编号'),
});
export type VerificationRequest = z.infer<typeof verificationRequest>;

export const verificationResponse = z.strictObject({
  outcome,
  color: color.optional(),
  holder: maskedHolder.optional(),
  issuedAt: timestamp.optional(),
  checkedAt: timestamp,
  reason: z.enum([...INVALID_REASONS, USED_ELSEWHERE]).optional(),
});
export type VerificationResponse = z.infer<typeof verificationResponse>;

// ---- POST /v1/inspector/manual-checks ----

export const CREDENTIALS = ['community-pass', 'health-certificate', 'work-certificate'] as const;
export type Credential = (typeof CREDENTIALS)[number];
export const CREDENTIAL_LABELS: Readonly<Record<Credential, string>> = {
  'community-pass': '社区通行证',
  'health-certificate': '健康证明',
  'work-certificate': '复工证明',
};

/** A check without a code: the inspector types the document and measures the temperature. */
export function manualCheckRequestAt(now: Date) {
  return withIdentityCheck(
    z.strictObject({
      documentType,
      documentNumber,
      credential: z.enum(CREDENTIALS, { error: '请选择所持证明' }),
      temperature,
      checkpointId: identifier('卡口编号'),
    }),
    now,
  );
}
export type ManualCheckRequest = z.infer<ReturnType<typeof manualCheckRequestAt>>;

export const manualCheckResponse = z.strictObject({
  outcome,
  color: color.optional(),
  holder: maskedHolder.optional(),
  /** A short code such as `fever` or `no-credential`; the inspector app maps it to its text. */
  reason: z.string().max(64).optional(),
});
export type ManualCheckResponse = z.infer<typeof manualCheckResponse>;

// ---- POST /v1/inspector/dependent-confirmations ----

/** A dependent confirmed in person at a community service point, against the physical document. */
export function dependentConfirmationRequestAt(now: Date) {
  return withIdentityCheck(
    z.strictObject({
      confirmationCode: z.string({ error: '请填写确认码' }).trim().toUpperCase().regex(/^[2-9A-HJ-NP-Z]{8}$/, '确认码为8位字母或数字，请核对家属手机上显示的确认码'),
      documentType,
      documentNumber,
      checkpointId: identifier('服务点编号'),
    }),
    now,
  );
}
export type DependentConfirmationRequest = z.infer<ReturnType<typeof dependentConfirmationRequestAt>>;

export const dependentConfirmationResponse = z.strictObject({ confirmed: z.literal(true), dependent: maskedHolder });
export type DependentConfirmationResponse = z.infer<typeof dependentConfirmationResponse>;

// ---- GET /v1/inspector/scans?checkpointId&since ----

/** Query string of the scans list; both parameters are optional. */
export const scansQuery = z.strictObject({
  checkpointId: identifier('卡口编号').optional(),
  since: timestamp.optional(),
});
export type ScansQuery = z.infer<typeof scansQuery>;

export const scan = z.strictObject({
  at: timestamp,
  checkpointId: identifier('卡口编号'),
  kind: z.enum(['code', 'manual']),
  outcome,
  color: color.optional(),
  holder: maskedHolder.optional(),
  reason: z.string().max(64).optional(),
});
export const scansResponse = z.strictObject({ scans: z.array(scan).max(1000) });
export type ScansResponse = z.infer<typeof scansResponse>;

// ---- GET /v1/keys (public) ----

export const publicKey = z.strictObject({
  kid: identifier('密钥编号', 32),
  alg: z.literal('EdDSA'),
  crv: z.literal('Ed25519'),
  /** The raw 32-byte public key, base64url without padding (43 characters), as in a JWK. */
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  notBefore: timestamp,
  notAfter: timestamp,
});
export type PublicKey = z.infer<typeof publicKey>;

export const keysResponse = z.strictObject({ keys: z.array(publicKey).max(20) });
export type KeysResponse = z.infer<typeof keysResponse>;
