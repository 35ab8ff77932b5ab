/**
 * Corrections (纠错): filed by a resident against one active trigger, decided by two officials.
 *
 * 1. Filing checks that the trigger is on the holder's status now (with the same declaration day)
 *    and claims CORROPEN#<trigger>#<day>, so one trigger has at most one open correction.
 * 2. The first official's decision is a proposal (`in-review`). A second official, never the
 *    proposer, confirms it (same decision) or sends it back (`pending`, the other decision).
 * 3. A confirmed acceptance withdraws the trigger in the same transaction as the new status
 *    (holder-state `withdrawal`); the colour is what the rules give for what remains. A confirmed
 *    rejection changes nothing but the correction.
 * Every step is appended to the correction's own hash chain; a withdrawal that moves the status is
 * also an entry of the holder's history chain, with the correction as its cause.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  CORRECTION_CATEGORY_LABELS,
  CORRECTION_STATE_TEXTS,
  DECLARED_TRIGGERS,
  TRIGGER_LABELS,
  correctionDecisionRequest,
  correctionListQuery,
  correctionRequest,
  type AuthorityCorrection,
  type CorrectionCategory,
  type CorrectionDecision,
  type CorrectionState,
  type CorrectionStep,
  type ResidentCorrection,
} from '../../shared/api/corrections';
import type { TriggerCode } from '../../shared/rules/schema';
import { applyHolderChangeCounted, canonicalJson, GENESIS_HASH, readHolderStatus, type HolderStore, type MaskedHolder, type StoreWrite } from './holder-state';
import { unlessClosing, WriteConflict } from './store-errors';
import { ConflictError, NotFoundError, RateLimitedError, ValidationError } from './errors';
import { assertSecondPrincipal } from './two-person';
import { parseInput } from './resident/input';

/** Corrections a holder may file in 24 hours: far above an honest need, far below a flood. */
export const MAX_CORRECTIONS_PER_DAY = 5;

export interface StoredCorrection {
  id: string;
  holderId: string;
  holder: MaskedHolder;
  trigger: TriggerCode;
  declaredOn?: string;
  category: CorrectionCategory;
  text: string;
  state: CorrectionState;
  filedAt: string;
  decidedAt?: string;
  proposal?: { decision: CorrectionDecision; by: string; basis: string; at: string };
  steps: CorrectionStep[];
  version: number;
}

/**
 * The corrections' items (functions/adapters/dynamodb/correction-store.ts on the table), beside the
 * holder store whose change an accepted correction is.
 */
export interface CorrectionStore extends HolderStore {
  /** Ids of the holder's latest corrections, newest first; `consistent` for a limit check. */
  holderCorrectionIds(holderId: string, limit: number, consistent: boolean): Promise<string[]>;
  /**
   * Files a correction, all or nothing: the trigger's open marker (condition: none open), the
   * correction, the holder's pointer, a check that the holder's status still exists and one that
   * its account (`accountId`) is not being deleted.
   * @throws WriteConflict; `failed[0]`: already open, `failed[3]`: no status, `failed[4]`: closing.
   */
  fileCorrection(correction: StoredCorrection, accountId: string): Promise<void>;
  correction(id: string): Promise<StoredCorrection | undefined>;
  /** The corrections found under `ids` (absent ones are left out), in no particular order. */
  corrections(ids: readonly string[]): Promise<StoredCorrection[]>;
  /** One page of every correction, newest first, optionally one state, after the position `after`. */
  correctionsPage(options: { state?: CorrectionState; after?: string; limit: number }): Promise<{ items: { correction: StoredCorrection; position: string }[]; next?: string }>;
  /** The correction replaced by its next version; condition: still at `current.version`. */
  replaceCorrection(current: StoredCorrection, next: StoredCorrection): StoreWrite;
  /** Removes the trigger's open marker. */
  closeOpenCorrection(correction: StoredCorrection): StoreWrite;
  /** Commits writes all or nothing. @throws WriteConflict */
  commitCorrection(writes: readonly StoreWrite[]): Promise<void>;
}

/** A new correction id: `c`, the filing time in base 36 (fixed width, so ids sort by time), 10 hex. */
export function newCorrectionId(now: Date): string {
  return `c${now.getTime().toString(36).padStart(9, '0')}${randomBytes(5).toString('hex')}`;
}

/** Milliseconds since the epoch at which a correction id was made. */
function filedMs(id: string): number {
  return parseInt(id.slice(1, 10), 36);
}

function stepHash(step: Omit<CorrectionStep, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(step)).digest('hex');
}

function appendStep(steps: readonly CorrectionStep[], step: Omit<CorrectionStep, 'seq' | 'prevHash' | 'hash'>): CorrectionStep[] {
  const last = steps.at(-1);
  const draft = { ...step, seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? GENESIS_HASH };
  return [...steps, { ...draft, hash: stepHash(draft) }];
}

/** Whether every step's hash covers its content and links to the previous one. */
export function verifySteps(steps: readonly CorrectionStep[]): boolean {
  let prev = GENESIS_HASH;
  for (let i = 0; i < steps.length; i++) {
    const { hash, ...content } = steps[i]!;
    if (content.seq !== i + 1 || content.prevHash !== prev || stepHash(content) !== hash) return false;
    prev = hash;
  }
  return true;
}

function residentView(c: StoredCorrection): ResidentCorrection {
  return {
    id: c.id,
    trigger: c.trigger,
    triggerLabel: TRIGGER_LABELS[c.trigger],
    ...(c.declaredOn ? { declaredOn: c.declaredOn } : {}),
    category: c.category,
    state: c.state,
    stateText: CORRECTION_STATE_TEXTS[c.state],
    filedAt: c.filedAt,
    ...(c.decidedAt ? { decidedAt: c.decidedAt } : {}),
  };
}

function authorityView(c: StoredCorrection): AuthorityCorrection {
  return {
    id: c.id,
    holder: { maskedName: c.holder.maskedName, maskedDocument: c.holder.maskedDocument },
    trigger: c.trigger,
    triggerLabel: TRIGGER_LABELS[c.trigger],
    ...(c.declaredOn ? { declaredOn: c.declaredOn } : {}),
    category: c.category,
    categoryLabel: CORRECTION_CATEGORY_LABELS[c.category],
    text: c.text,
    state: c.state,
    filedAt: c.filedAt,
    ...(c.proposal ? { proposal: c.proposal } : {}),
    steps: c.steps,
    chainOk: verifySteps(c.steps),
  };
}

function isDeclared(trigger: TriggerCode): boolean {
  return (DECLARED_TRIGGERS as readonly string[]).includes(trigger);
}

/**
 * POST /v1/resident/corrections: files a correction against one trigger on the holder's status.
 * 409 when the status does not show it (or shows it from another declaration day), or when the
 * trigger already has an open correction; 429 past MAX_CORRECTIONS_PER_DAY.
 */
export async function fileCorrection(store: CorrectionStore, holderId: string, body: unknown, now: Date): Promise<{ correction: ResidentCorrection }> {
  const input = parseInput(correctionRequest, body);
  const status = await readHolderStatus(store, holderId);
  if (!status) throw new ConflictError('请先完成实名登记');
  const active = status.reasons.some((r) => r.code === input.trigger && (!isDeclared(input.trigger) || r.declaredOn === input.declaredOn));
  if (!active) throw new ConflictError('您的健康码目前没有这一项，无需纠错');

  const links = await store.holderCorrectionIds(holderId, MAX_CORRECTIONS_PER_DAY, true);
  if (links.length >= MAX_CORRECTIONS_PER_DAY) {
    const oldest = filedMs(links.at(-1)!);
    const waitMs = oldest + 86_400_000 - now.getTime();
    if (waitMs > 0) throw new RateLimitedError(`24小时内最多提交${MAX_CORRECTIONS_PER_DAY}次纠错申请，请约${Math.ceil(waitMs / 3_600_000)}小时后再试`, Math.ceil(waitMs / 1000));
  }

  const id = newCorrectionId(now);
  const at = now.toISOString();
  const correction: StoredCorrection = {
    id,
    holderId,
    holder: status.holder,
    trigger: input.trigger,
    ...(input.declaredOn ? { declaredOn: input.declaredOn } : {}),
    category: input.category,
    text: input.text,
    state: 'pending',
    filedAt: at,
    steps: appendStep([], { at, actor: 'resident', action: 'filed' }),
    version: 1,
  };
  try {
    await unlessClosing(store.fileCorrection(correction, status.accountId), 4);
  } catch (err) {
    if (err instanceof WriteConflict) {
      if (err.failed[0]) throw new ConflictError('这一项已有正在处理的纠错申请，请等待审核结果');
      if (err.failed[3]) throw new ConflictError('请先完成实名登记');
    }
    throw err;
  }
  return { correction: residentView(correction) };
}

function readCorrection(store: CorrectionStore, id: string): Promise<StoredCorrection | undefined> {
  return store.correction(id);
}

/** Where a correction stands and who proposed its decision: the console checks the official's own role and id before deciding. */
export async function correctionStage(store: CorrectionStore, id: string): Promise<{ state: CorrectionState; proposedBy?: string } | undefined> {
  const c = await readCorrection(store, id);
  return c ? { state: c.state, ...(c.proposal ? { proposedBy: c.proposal.by } : {}) } : undefined;
}

/** GET /v1/resident/corrections: the holder's corrections, newest first (at most 50). */
export async function listHolderCorrections(store: CorrectionStore, holderId: string): Promise<{ corrections: ResidentCorrection[] }> {
  const ids = await store.holderCorrectionIds(holderId, 50, false);
  if (ids.length === 0) return { corrections: [] };
  const found = new Map((await store.corrections(ids)).map((c) => [c.id, c]));
  return { corrections: ids.flatMap((id) => (found.has(id) ? [residentView(found.get(id)!)] : [])) };
}

const BAD_CURSOR = '翻页标记无效，请从第一页重新查询';

function encodeCursor(state: string | undefined, sk: string): string {
  return Buffer.from(JSON.stringify({ s: state ?? '', k: sk }), 'utf8').toString('base64url');
}

/** A cursor belongs to the state filter it was made with and names a correction key. */
function decodeCursor(cursor: string, state: string | undefined): string {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; k?: unknown };
    if (value.s === (state ?? '') && typeof value.k === 'string' && /^C#c[0-9a-z]{8,40}$/.test(value.k)) return value.k;
  } catch {
    // falls through to the 400
  }
  throw new ValidationError(BAD_CURSOR, [{ path: 'query.cursor', message: BAD_CURSOR }]);
}

/** GET /v1/authority/corrections: newest first, optionally one state, paged by an opaque cursor. */
export async function listCorrections(store: CorrectionStore, rawQuery: unknown): Promise<{ corrections: AuthorityCorrection[]; nextCursor?: string }> {
  const query = parseInput(correctionListQuery, rawQuery ?? {});
  let startSk = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.state);
  const out: StoredCorrection[] = [];
  let more = true;
  // A state filter may need several pages; a bounded number keeps one request short.
  for (let page = 0; page < 10 && out.length < query.limit && more; page++) {
    const res = await store.correctionsPage({ state: query.state, after: startSk, limit: 100 });
    for (const { correction, position } of res.items) {
      if (out.length === query.limit) break;
      out.push(correction);
      startSk = position;
    }
    if (out.length < query.limit) {
      more = res.next !== undefined;
      if (more) startSk = res.next;
    }
  }
  const full = out.length === query.limit;
  return { corrections: out.map(authorityView), ...(startSk && (full || more) ? { nextCursor: encodeCursor(query.state, startSk) } : {}) };
}

/**
 * POST /v1/authority/corrections/{id}/decision. `principal` is the official as API Gateway (IAM) or
 * the local key names them; the same principal can never both propose and confirm.
 */
export async function decideCorrection(store: CorrectionStore, id: string, principal: string, body: unknown, now: Date) {
  const input = parseInput(correctionDecisionRequest, body);
  const current = await readCorrection(store, id);
  if (!current) throw new NotFoundError('未找到该纠错申请');
  if (current.state === 'accepted' || current.state === 'rejected') throw new ConflictError('该纠错申请已经处理完毕');
  const at = now.toISOString();
  const guard = (changes: Partial<StoredCorrection>): StoreWrite => store.replaceCorrection(current, { ...current, ...changes, version: current.version + 1 });
  const raced = () => new ConflictError('该纠错申请刚被其他工作人员处理，请刷新后重试');
  const write = async (items: StoreWrite[]) => {
    try {
      await store.commitCorrection(items);
    } catch (err) {
      if (err instanceof WriteConflict) throw raced();
      throw err;
    }
  };

  if (current.state === 'pending') {
    const proposal = { decision: input.decision, by: principal, basis: input.basis, at };
    const next: Partial<StoredCorrection> = { state: 'in-review', proposal, steps: appendStep(current.steps, { at, actor: principal, action: 'proposed', decision: input.decision, basis: input.basis }) };
    await write([guard(next)]);
    return { correction: authorityView({ ...current, ...next } as StoredCorrection) };
  }

  const proposal = current.proposal!;
  assertSecondPrincipal(proposal.by, principal);
  if (proposal.decision !== input.decision) {
    // Two officials disagree: back to the queue, with both views in the chain.
    const next = { state: 'pending' as const, proposal: undefined, steps: appendStep(current.steps, { at, actor: principal, action: 'returned', decision: input.decision, basis: input.basis }) };
    await write([guard(next)]);
    return { correction: authorityView({ ...current, ...next }) };
  }

  const finalState: CorrectionState = input.decision === 'accept' ? 'accepted' : 'rejected';
  const next = { state: finalState, decidedAt: at, proposal: undefined, steps: appendStep(current.steps, { at, actor: principal, action: 'confirmed', decision: input.decision, basis: input.basis }) };
  const closeOpen = store.closeOpenCorrection(current);
  const decided = { ...current, ...next } as StoredCorrection;
  if (finalState === 'rejected') {
    await write([guard(next), closeOpen]);
    return { correction: authorityView(decided) };
  }
  const applied = await applyHolderChangeCounted(store, current.holderId, {
    cause: { kind: 'correction', ref: id },
    withdrawal: { correctionId: id, trigger: current.trigger, ...(current.declaredOn ? { declaredOn: current.declaredOn } : {}) },
    extraItems: [
      { item: guard(next), onConflict: raced },
      { item: closeOpen, onConflict: raced },
    ],
  }, now);
  if (!applied) throw new NotFoundError('未找到该纠错申请');
  return { correction: authorityView(decided), outcome: { color: applied.status.color, withdrawnItems: applied.withdrawnItems } };
}
