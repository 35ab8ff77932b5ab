/**
 * What a resident does for one holder (themselves or a dependent): declare, check in, read the
 * status, the code and the history. Every colour change goes through ../holder-state.
 */
import QRCode from 'qrcode';
import type { SignedCode } from '../ports';
import { declarationRequestAt, checkinRequest } from '../../../shared/api';
import { shanghaiDay } from '../../../shared/time';
import type { Color } from '../../../shared/rules/schema';
import { NotDeclaredError, NotRegisteredError } from '../errors';
import { applyHolderChange, loadHistory, readHolderStatus, type StoredStatus, type HolderStore } from '../holder-state';
import { parseInput } from './input';
import { dependentHolder } from './dependents';
import type { ResidentPorts } from './ports';

/** The status as the API answers it (GET /v1/resident/status and inside other answers). */
export function toResidentStatus(status: StoredStatus) {
  return {
    color: status.color,
    since: status.since,
    evaluatedAt: status.evaluatedAt,
    rulesetVersion: status.rulesetVersion,
    reasons: status.reasons.map(({ code, message, declaredOn }) => (declaredOn ? { code, message, declaredOn } : { code, message })),
    ...(status.clearance ? { clearance: status.clearance } : {}),
  };
}

/**
 * The holder a session acts for: its own (no dependent id; the middleware read it from the account)
 * or one of its own active dependents (see ./dependents `dependentHolder`: 404 for anyone else's).
 */
export async function resolveHolder(ports: Pick<ResidentPorts, 'residents'>, session: { sub: string; holderId?: string }, dependentId?: string): Promise<string> {
  if (dependentId === undefined) return session.holderId ?? session.sub;
  return dependentHolder(ports, session.sub, dependentId);
}

async function requireStatus(ports: ResidentPorts, holderId: string): Promise<StoredStatus> {
  const status = await readHolderStatus(ports, holderId);
  if (!status) throw new NotRegisteredError('请先完成实名登记');
  return status;
}

/**
 * Records a health declaration and returns the new status.
 * 1. validate at `now` (pledge, regions, travel within the last 14 days);
 * 2. the holder must be registered (409 otherwise);
 * 3. holder-state writes the declaration, the stays and the new colour in one transaction.
 */
export async function declare(ports: ResidentPorts, holderId: string, body: unknown, now: Date) {
  const input = parseInput(declarationRequestAt(now), body);
  await requireStatus(ports, holderId);
  const status = await applyHolderChange(ports, holderId, {
    cause: { kind: 'declaration', ref: shanghaiDay(now) },
    declaration: { region: input.region, travel: input.travel, symptoms: input.symptoms, temperature: input.temperature, contactWithCase: input.contactWithCase },
  }, now);
  if (!status) throw new NotRegisteredError('请先完成实名登记');
  return { status: toResidentStatus(status) };
}

/**
 * Records today's check-in (Asia/Shanghai day) and returns the day, the streak and the status.
 * 1. validate (temperature 35.0–42.0, known symptoms);
 * 2. the holder must have declared (409 otherwise);
 * 3. holder-state writes the check-in only if the day has none (409 otherwise) with the new colour.
 */
export async function checkIn(ports: ResidentPorts, holderId: string, body: unknown, now: Date) {
  const input = parseInput(checkinRequest, body);
  const current = await requireStatus(ports, holderId);
  if (!current.declaredAt) throw new NotDeclaredError('请先完成健康申报，再来打卡');
  const day = shanghaiDay(now);
  const status = await applyHolderChange(ports, holderId, { cause: { kind: 'checkin', ref: day }, checkin: input }, now);
  if (!status) throw new NotRegisteredError('请先完成实名登记');
  return { day, streak: status.streak, status: toResidentStatus(status) };
}

/** The live status (one read). */
export async function statusOf(ports: ResidentPorts, holderId: string) {
  return toResidentStatus(await requireStatus(ports, holderId));
}

/** Signs a payload: the port the code use case needs (../../adapters/code-keys `signCode`). */
export type CodeSigner = (holderId: string, color: Color, now: Date) => Promise<SignedCode>;

/**
 * The QR code of a payload as SVG: level M, and the 4-module quiet zone ISO/IEC 18004 asks for
 * (with less, some decoders miss the finder patterns on a tinted screen).
 */
export function codeSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}

/**
 * A fresh code. No write: one GetItem of the status, one signature, one SVG.
 * 409 before a profile and a first declaration exist.
 */
export async function codeFor(ports: HolderStore, sign: CodeSigner, holderId: string, now: Date) {
  const status = await readHolderStatus(ports, holderId, false);
  if (!status) throw new NotRegisteredError('请先完成实名登记和健康申报，再领取健康码');
  if (!status.declaredAt) throw new NotDeclaredError('请先完成健康申报，再领取健康码');
  const signed = await sign(holderId, status.color, now);
  const svg = await codeSvg(signed.payload);
  return {
    payload: signed.payload,
    svg,
    color: status.color,
    issuedAt: signed.issuedAt,
    expiresAt: signed.expiresAt,
    refreshInSeconds: signed.refreshInSeconds,
    holder: { maskedName: status.holder.maskedName, maskedDocument: status.holder.maskedDocument },
  };
}

/** Every colour change, newest first. */
export async function historyOf(ports: ResidentPorts, holderId: string) {
  const entries = await loadHistory(ports, holderId);
  return {
    changes: entries.reverse().map(({ at, from, to, reasons }) => ({ at, from, to, reasons: reasons.map(({ code, message }) => ({ code, message })) })),
  };
}
