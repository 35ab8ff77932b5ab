import type { ZodType } from 'zod';
import { formatIssues } from '../../../shared/api/errors';
import { ForbiddenError, RateLimitedError, ValidationError } from '../errors';
import type { Outcome } from '../../../shared/api/inspector';
import type { Color } from '../../../shared/rules/schema';
import type { RateLimiter, ScanKind, ScanLog } from './ports';

/** Default limits per inspector and minute. */
export const SCANS_PER_MINUTE = 120;
/** Lookups by document number are tighter, so the manual check cannot be used to harvest colours. */
export const LOOKUPS_PER_MINUTE = 30;

/** The checkpoint must be one the inspector's token names; anything else is 403. */
export function assertCheckpoint(checkpoints: readonly string[] | undefined, checkpointId: string): void {
  if (!checkpoints?.includes(checkpointId)) throw new ForbiddenError('您未被授权在此卡口核验');
}

/** Counts one request against a per-minute limit; over it is 429 with the wait in Chinese. */
export async function enforceRate(limiter: RateLimiter, bucket: string, limit: number, now: Date): Promise<void> {
  const decision = await limiter.consume(bucket, limit, now);
  if (!decision.allowed) throw new RateLimitedError(`核验过于频繁，请${decision.retryAfterSeconds}秒后再试`, decision.retryAfterSeconds);
}

/**
 * Validates a body against a schema that depends on the time (`fooRequestAt(now)` in shared/api),
 * which the middleware's static schemas cannot express; problems become the same Chinese 400.
 */
export function parseAt<T>(schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = formatIssues(result.error).map(({ path, message }) => ({ path, message }));
  throw new ValidationError(errors[0]?.message ?? '请求内容有误', errors);
}

/** A holder's live status as a check sees it (LiveStatus in manual-check.ts has this shape). */
interface CheckedHolder {
  color: Color;
  holder: { maskedName: string; maskedDocument: string };
}

/** What every check answers about the person: the outcome and, for a known holder, the masked holder. */
export interface CheckVerdict<R extends string = string> {
  outcome: Outcome;
  color?: Color;
  holder?: { maskedName: string; maskedDocument: string };
  reason?: R;
}

/**
 * Logs a check (code or manual) as one scan item and gives the verdict the gate sees: the outcome, the
 * live colour and masked holder when there is one, and the reason code. `holderRefOf` names the person
 * in the log by a keyed reference (a document hash), never in clear.
 */
export async function recordCheck<R extends string>(
  ports: { scanLog: ScanLog; holderRef(documentHash: string): Promise<string> },
  check: { inspectorId: string; checkpointId: string; kind: ScanKind; outcome: Outcome; at: Date; reason?: R; live?: CheckedHolder; holderRefOf?: string },
): Promise<CheckVerdict<R>> {
  const { live, reason } = check;
  await ports.scanLog.record({
    inspectorId: check.inspectorId,
    checkpointId: check.checkpointId,
    kind: check.kind,
    outcome: check.outcome,
    at: check.at,
    color: live?.color,
    reason,
    holderRef: check.holderRefOf === undefined ? undefined : await ports.holderRef(check.holderRefOf),
    maskedName: live?.holder.maskedName,
    maskedDocument: live?.holder.maskedDocument,
  });
  return {
    outcome: check.outcome,
    ...(live ? { color: live.color, holder: { maskedName: live.holder.maskedName, maskedDocument: live.holder.maskedDocument } } : {}),
    ...(reason ? { reason } : {}),
  };
}
