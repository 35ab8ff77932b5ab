/**
 * Holder state: THE single write path for a holder's colour.
 *
 * A holder is a person with a code: an account's own person or one of its dependents. Holder ids are
 * random opaque strings (`newHolderId()`, 8 random bytes as base64url), never personal data.
 *
 * Every change of a holder's colour goes through `applyHolderChange`, whichever door it came in by:
 * a declaration, a check-in, an authority feed, a risk-area update, the auto-conversion job, a ruleset
 * roll-out or the registration. It takes a `HolderStore` port (functions/adapters/dynamodb/holder-store.ts
 * on the table) and `now` as parameters and needs no HTTP context, so a queue or scheduled handler calls it the same way a route does.
 *
 * Steps of one change (`applyHolderChange`):
 * 1. read the status item (consistent), then, in parallel and consistently, the facts: the
 *    declarations of the same window (declared risk is sticky), the check-ins of the last CHECKIN_WINDOW_DAYS days, the authority records filed
 *    under the holder's document hash (`DOC#<hash>` / `REC#…`, so records that arrived before the
 *    registration apply), the current risk areas and the active ruleset (default: v1);
 * 2. add the triggering fact (a new declaration or check-in) and call `evaluate(facts, ruleset, now)`;
 * 3. write, in ONE TransactWriteItems: the status item (conditional on its `version`: optimistic
 *    locking), the triggering item (a check-in is conditional on `attribute_not_exists`, which gives
 *    one check-in per Asia/Shanghai day), the stay items of a new declaration (the previous open stay closed today), and,
 *    when the colour or the reasons change, one hash-chained history entry;
 * 4. on a version conflict (someone else changed the holder in between), re-read and try again.
 *
 * Items this module reads that other modules write:
 * - authority records `keys.authorityRecord(hash, …)`: attributes `type`, `at`, optional `day`,
 *   optional `result` (the engine's `AuthorityRecordFacts`);
 * - current risk areas `keys.riskAreasCurrent()`: attribute `areas`, a list of `RiskAreaFacts`;
 * - active ruleset `keys.rulesetActive()`: either a `document` attribute (the ruleset JSON) or a
 *   `version` whose `keys.ruleset(version)` item holds the `document`.
 *
 * This module is the domain: the types, the history chain and the planning of a change. Reading and
 * writing the items is the store's (the `HolderStore` port below).
 *
 * @example
 * // the auto-conversion job, for each holder the ReviewDue index returns:
 * await reevaluateHolder(store, holderId, { kind: 'job', ref: 'auto-convert' }, now);
 */
import { createHash, randomBytes } from 'node:crypto';
import { shanghaiDay } from '../../shared/time';
import { checkinStreak, evaluate, hasFeverOrSymptoms, type AuthorityRecordFacts, type CheckinFacts, type DeclarationFacts, type Evaluation, type Facts, type RiskAreaFacts } from '../../shared/rules/engine';
import { readAuthorityRecords, readCheckin, readDeclaration } from './facts';
import type { Color, Ruleset, TriggerCode } from '../../shared/rules/schema';
import { AccountClosingError, AlreadyCheckedInError, ConflictError, DependencyUnavailableError } from './errors';
import { canonicalJson } from './canonical-json';
import { WriteConflict } from './store-errors';

export { canonicalJson };

// ---------------------------------------------------------------------------------------------
// Types

export type CauseKind = 'declaration' | 'checkin' | 'feed' | 'risk-area' | 'job' | 'ruleset' | 'registration' | 'correction' | 'removal';

/** Why a holder was evaluated. `ref` is pseudonymous: a feed id, a day, a ruleset version, never personal data. */
export interface Cause {
  kind: CauseKind;
  ref?: string;
}

/** The masked person shown with the code and at the gate: stored on the status so GET /code is one read. */
export interface MaskedHolder {
  maskedName: string;
  maskedDocument: string;
}

/** A declaration as stored (DECL# item) and as the engine sees it. */
export interface DeclarationInput {
  region: string;
  travel: readonly { region: string; from: string; to: string }[];
  symptoms: readonly string[];
  temperature?: number;
  contactWithCase: boolean;
}

export interface HolderChange {
  cause: Cause;
  /** A new declaration: written with the status; adds its stays, and closes the previous open stay today. */
  declaration?: DeclarationInput;
  /** A new check-in of today's Asia/Shanghai day: written only if the day has none yet (else 409). */
  checkin?: { temperature: number; symptoms: readonly string[] };
  /**
   * Registration: creates the status when there is none, and sets who the holder is. Without it, a
   * holder with no status item is left alone (`applyHolderChange` returns undefined).
   */
  register?: { holder: MaskedHolder; documentHash: string; accountId: string };
  /**
   * Further writes that must commit with this change (e.g. the document binding of a registration).
   * When one's condition fails, its `onConflict` error is thrown and nothing is written.
   */
  extraItems?: { item: StoreWrite; onConflict: () => Error }[];
  /**
   * An accepted correction (纠错): withdraws one trigger, written with the status. A declared trigger
   * is withdrawn from the declarations of `declaredOn` that carry it; an authority trigger by a
   * withdrawal item beside each record that raises it. Throws ConflictError when nothing carries it.
   */
  withdrawal?: Withdrawal;
}

export interface Withdrawal {
  correctionId: string;
  trigger: TriggerCode;
  declaredOn?: string;
}

/** The status item (PK=HOLDER#<id>, SK=STATUS). */
export interface StoredStatus {
  holderId: string;
  accountId: string;
  color: Color;
  since: string;
  evaluatedAt: string;
  rulesetVersion: string;
  /** `declaredOn`: for a declared trigger, the day of the declaration that started it (what a correction names). */
  reasons: { code: string; message: string; declaredOn?: string }[];
  clearance?: Evaluation['clearance'];
  nextReviewAt?: string;
  /** Consecutive normal check-in days up to today (or yesterday, while today is still open). */
  streak: number;
  /** Set once the holder has declared: the code is issued only then. */
  declaredAt?: string;
  /** The current region of the latest declaration (GB/T 2260): the dashboard counts colours per county from it. */
  county?: string;
  holder: MaskedHolder;
  /** HMAC of the document (lookup key), pseudonymous: finds the authority records. */
  documentHash: string;
  /** Optimistic lock: every write increments it. */
  version: number;
  /** Head of the hash chain of the history: O(1) appends. */
  historyHead: { seq: number; hash: string };
}

/** One history entry (PK=HOLDER#<id>, SK=HIST#<at>#<seq>): pseudonymous, append-only, hash-chained. */
export interface HistoryEntry {
  seq: number;
  at: string;
  from: Color | null;
  to: Color;
  reasons: { code: string; message: string }[];
  cause: Cause;
  /** SHA-256 (hex) of the previous entry's canonical content; GENESIS_HASH for the first. */
  prevHash: string;
  /** SHA-256 (hex) of this entry's canonical content (every field above, prevHash included). */
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
/** Check-ins older than this are not loaded: every after-observation trigger needs at most 14 days. */
export const CHECKIN_WINDOW_DAYS = 120;
/** The current region of a declaration is an open stay; its StayDay sorts after every real day. */
export const OPEN_STAY_DAY = '9999-12-31';
/** Declarations read per evaluation at most (newest kept); far above any honest resident's count. */
export const MAX_DECLARATIONS = 2000;
/** Attempts of one change under contention; each conflict means another writer made progress. */
const MAX_ATTEMPTS = 25;

/** A write another area's store adapter built (a document binding, a profile): committed with the change, never read here. */
export type StoreWrite = Readonly<Record<string, unknown>>;

/** A stored declaration: its id (sorts by time), the item as stored, and the engine's facts of it. */
export interface StoredDeclaration {
  id: string;
  item: Record<string, unknown>;
  facts: DeclarationFacts;
}

/** One write of a change; the store commits a list of them all or nothing, in the order given. */
export type HolderWrite =
  | { kind: 'declaration'; holderId: string; id: string; facts: DeclarationFacts; at: string }
  | { kind: 'stay'; holderId: string; region: string; day: string }
  | { kind: 'drop-stay'; holderId: string; region: string; day: string }
  | { kind: 'withdraw-declared'; holderId: string; declarationId: string; withdrawn: TriggerCode[]; by: string }
  | { kind: 'withdraw-record'; documentHash: string; recordSk: string; correctionId: string; trigger: TriggerCode; at: string }
  | { kind: 'checkin'; holderId: string; facts: CheckinFacts; at: string }
  | { kind: 'history'; holderId: string; entry: HistoryEntry }
  | { kind: 'status'; status: StoredStatus; expectedVersion?: number }
  /** Deletes the status item, conditional on its version (a holder closed: see closeHolder). */
  | { kind: 'drop-status'; holderId: string; expectedVersion: number }
  | { kind: 'extra'; write: StoreWrite }
  /**
   * A check, written nothing: the account is not being deleted (no closing mark, see
   * functions/core/resident/deletion.ts). Every change carries one per account it touches.
   */
  | { kind: 'account-open'; accountId: string };

/** Where a holder's data lives (functions/adapters/dynamodb/holder-store.ts on the table). */
export interface HolderStore {
  /** The status item of a holder, or undefined. */
  readStatus(holderId: string, consistent: boolean): Promise<StoredStatus | undefined>;
  /**
   * A holder's declarations that can still hold a trigger, oldest first: those of the last
   * CHECKIN_WINDOW_DAYS (the horizon of the check-ins that clear them) and the one before, whose current
   * region lasted into that window. Declared risk is sticky, so the latest alone is not enough.
   */
  declarations(holderId: string, now: Date): Promise<StoredDeclaration[]>;
  /** Check-ins of the last CHECKIN_WINDOW_DAYS days up to `today`, by day. */
  checkins(holderId: string, today: string): Promise<CheckinFacts[]>;
  /** Every item filed under a document: its authority records, their withdrawals and the binding (facts.ts decodes them). */
  documentItems(documentHash: string): Promise<Record<string, unknown>[]>;
  /** The current risk areas. */
  riskAreas(): Promise<readonly RiskAreaFacts[]>;
  /** The active ruleset: the ACTIVE item's document (or the version it names), else v1. */
  activeRuleset(): Promise<Ruleset>;
  /** The holder's stays (region, last day; OPEN_STAY_DAY for an open one). */
  stays(holderId: string): Promise<{ region: string; day: string }[]>;
  /** A holder's history, oldest first (by sequence number). */
  history(holderId: string): Promise<HistoryEntry[]>;
  /** Writes all or nothing. @throws WriteConflict (which writes' conditions failed) when cancelled. */
  commit(writes: readonly HolderWrite[]): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Ids and hashes

/** A fresh random holder id: 8 random bytes, base64url (11 characters). */
export function newHolderId(): string {
  return randomBytes(8).toString('base64url');
}

/** The hash of a history entry's content (everything but `hash` itself). */
export function historyEntryHash(entry: Omit<HistoryEntry, 'hash'>): string {
  const { seq, at, from, to, reasons, cause, prevHash } = entry;
  const content = { seq, at, from, to, reasons: reasons.map(({ code, message }) => ({ code, message })), cause: { kind: cause.kind, ref: cause.ref }, prevHash };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export type ChainVerdict = { ok: true; length: number; head: { seq: number; hash: string } } | { ok: false; seq: number; problem: string };

/**
 * Verifies a holder's history chain: sequence numbers 1, 2, 3… without gaps, each entry's `prevHash`
 * equal to the previous entry's hash, and each stored `hash` equal to the hash of its content. Any
 * rewritten, removed or inserted entry breaks it. Pass `head` (from the status item) to also catch a
 * removal of the newest entries. Order of `entries` does not matter.
 */
export function verifyHistoryChain(entries: readonly HistoryEntry[], head?: { seq: number; hash: string }): ChainVerdict {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  let prev = GENESIS_HASH;
  for (let i = 0; i < sorted.length; i++) {
    const entry = sorted[i]!;
    if (entry.seq !== i + 1) return { ok: false, seq: entry.seq, problem: `expected entry ${i + 1}` };
    if (entry.prevHash !== prev) return { ok: false, seq: entry.seq, problem: 'prevHash does not match the previous entry' };
    if (historyEntryHash(entry) !== entry.hash) return { ok: false, seq: entry.seq, problem: 'content does not match its hash' };
    prev = entry.hash;
  }
  const last = { seq: sorted.length, hash: prev };
  if (head && (head.seq !== last.seq || head.hash !== last.hash)) return { ok: false, seq: head.seq, problem: 'chain head on the status does not match' };
  return { ok: true, length: sorted.length, head: last };
}

// ---------------------------------------------------------------------------------------------
// Reads

/** The status item of a holder, or undefined. Consistent unless asked otherwise. */
export function readHolderStatus(store: HolderStore, holderId: string, consistent = true): Promise<StoredStatus | undefined> {
  return store.readStatus(holderId, consistent);
}

async function loadAuthorityRecords(store: HolderStore, documentHash: string): Promise<AuthorityRecordFacts[]> {
  return readAuthorityRecords(await store.documentItems(documentHash));
}

/**
 * The colour the rules give a document that no holder is bound to (never registered, or the account
 * was deleted): its authority records and the risk areas, with no declaration and no check-in. The gate
 * uses it so that a listed close contact without a phone is stopped like anyone else.
 */
export async function evaluateDocument(store: HolderStore, documentHash: string, now: Date): Promise<Color> {
  const [authority, riskAreas, ruleset] = await Promise.all([loadAuthorityRecords(store, documentHash), store.riskAreas(), store.activeRuleset()]);
  if (authority.length === 0) return 'green';
  return evaluate({ checkins: [], authority, riskAreas }, ruleset, now).color;
}

/** The active ruleset: the ACTIVE item's document (or the version it names), else v1. */
export function loadActiveRuleset(store: HolderStore): Promise<Ruleset> {
  return store.activeRuleset();
}

/** A holder's history, oldest first (by sequence number). */
export function loadHistory(store: HolderStore, holderId: string): Promise<HistoryEntry[]> {
  return store.history(holderId);
}

/** Reads of a history that a colour change may interleave with, before the last one is taken as it is. */
const HISTORY_READ_ATTEMPTS = 5;

/**
 * A holder's history and status of one moment. A change committed between the two reads would make a
 * sound chain read as broken against the head; the same head before and after the history means none came between.
 */
export async function historyWithStatus(
  ports: { readStatus(holderId: string): Promise<StoredStatus | undefined>; loadHistory(holderId: string): Promise<HistoryEntry[]> },
  holderId: string,
): Promise<{ entries: HistoryEntry[]; status: StoredStatus | undefined }> {
  for (let attempt = 1; ; attempt++) {
    const before = await ports.readStatus(holderId);
    const entries = await ports.loadHistory(holderId);
    const after = await ports.readStatus(holderId);
    const same = before?.historyHead?.seq === after?.historyHead?.seq && before?.historyHead?.hash === after?.historyHead?.hash;
    if (same || attempt >= HISTORY_READ_ATTEMPTS) return { entries, status: after };
  }
}

/** Loads and verifies a holder's history chain against the head kept on its status (when present). */
export async function verifyHolderHistory(store: HolderStore, holderId: string): Promise<ChainVerdict> {
  const { entries, status } = await historyWithStatus({ readStatus: (id) => readHolderStatus(store, id), loadHistory: (id) => loadHistory(store, id) }, holderId);
  return verifyHistoryChain(entries, status?.historyHead);
}

// ---------------------------------------------------------------------------------------------
// Pure helpers

function sameReasons(a: readonly { code: string }[], b: readonly { code: string }[]): boolean {
  return a.length === b.length && a.every((r, i) => r.code === b[i]!.code);
}


// ---------------------------------------------------------------------------------------------
// The write path

interface Plan {
  writes: HolderWrite[];
  /** Indexes in `writes` of the account-open checks: a failed one means the account is closing. */
  accountChecks: number[];
  /** Index of the check-in in `writes`, to tell "already checked in" from a version conflict. */
  checkinIndex: number;
  extraStart: number;
  status: StoredStatus;
  withdrawnItems: number;
}

async function planChange(store: HolderStore, holderId: string, change: HolderChange, now: Date): Promise<Plan | undefined> {
  const current = await readHolderStatus(store, holderId);
  if (!current && !change.register) return undefined;
  const documentHash = change.register?.documentHash ?? current!.documentHash;
  const today = shanghaiDay(now);
  const at = now.toISOString();

  const [storedDeclarations, checkins, documentItems, riskAreas, ruleset, oldStays] = await Promise.all([
    store.declarations(holderId, now),
    store.checkins(holderId, today),
    documentHash ? store.documentItems(documentHash) : Promise.resolve([]),
    store.riskAreas(),
    store.activeRuleset(),
    change.declaration ? store.stays(holderId) : Promise.resolve([]),
  ]);

  const writes: HolderWrite[] = [];
  let checkinIndex = -1;
  let authority = readAuthorityRecords(documentItems);
  let withdrawnItems = 0;
  if (change.withdrawal) {
    const planned = planWithdrawal(holderId, documentHash, change.withdrawal, storedDeclarations, documentItems, ruleset.thresholds.feverTemperature, at);
    if (planned.writes.length === 0) throw new ConflictError('该事项目前没有可以撤销的记录，可能已经解除');
    writes.push(...planned.writes);
    withdrawnItems = planned.writes.length;
    authority = planned.authority ?? authority;
  }

  let declarationFacts: DeclarationFacts | undefined;
  // Every stored declaration stays a fact while its triggers can run; the newest is "the" declaration.
  let earlierDeclarations: DeclarationFacts[] = storedDeclarations.map((d) => d.facts);
  if (change.declaration) {
    const d = change.declaration;
    // Built by the same decoder as a stored one, so the engine sees one shape of declaration.
    const fresh = readDeclaration({ ...d, day: today })!;
    // A random suffix keeps two declarations of the same millisecond apart (sorting stays by time).
    const id = `${at}#${randomBytes(3).toString('hex')}`;
    writes.push({ kind: 'declaration', holderId, id, facts: fresh, at });
    // Concurrent declarations can commit out of their time order: the latest is the one with the
    // greatest id, whichever committed last, so the colour is the same in any order of arrival.
    const ordered = [...storedDeclarations.map((s) => ({ id: s.id, facts: s.facts })), { id, facts: fresh }].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const latest = ordered.at(-1)!.facts === fresh;
    declarationFacts = ordered.at(-1)!.facts;
    earlierDeclarations = ordered.slice(0, -1).map((o) => o.facts);
    // Keep the RegionStay index true for every declaration the engine reads: earlier stays stay
    // indexed (declared risk is sticky), and the previous open stay closes today, when this one begins.
    // A declaration that lost the race to a later one is a stay ending today, and closes nothing.
    const stays = new Map<string, HolderWrite>();
    const stayWrite = (region: string, day: string) => stays.set(`${region}#${day}`, { kind: 'stay', holderId, region, day });
    for (const stay of d.travel) stayWrite(stay.region, stay.to);
    if (latest) {
      stayWrite(d.region, OPEN_STAY_DAY);
      for (const old of oldStays) {
        if (old.day !== OPEN_STAY_DAY || stays.has(`${old.region}#${old.day}`)) continue;
        writes.push({ kind: 'drop-stay', holderId, region: old.region, day: old.day });
        stayWrite(old.region, today);
      }
    } else {
      stayWrite(d.region, today);
    }
    writes.push(...stays.values());
  } else {
    declarationFacts = earlierDeclarations.at(-1);
    earlierDeclarations = earlierDeclarations.slice(0, -1);
  }

  let allCheckins = checkins;
  if (change.checkin) {
    const fact = readCheckin({ day: today, temperature: change.checkin.temperature, symptoms: change.checkin.symptoms });
    allCheckins = [...checkins.filter((c) => c.day !== today), fact];
    checkinIndex = writes.length;
    writes.push({ kind: 'checkin', holderId, facts: fact, at });
  }

  const facts: Facts = {
    declaration: declarationFacts,
    ...(earlierDeclarations.length > 0 ? { earlierDeclarations } : {}),
    checkins: allCheckins,
    authority,
    riskAreas,
  };
  const result = evaluate(facts, ruleset, now);
  const reasons = result.reasons.map(({ code, message, declaredOn }) => (declaredOn ? { code, message, declaredOn } : { code, message }));
  const colorChanged = !current || current.color !== result.color;
  const changed = colorChanged || !sameReasons(current!.reasons, reasons);

  let historyHead = current?.historyHead ?? { seq: 0, hash: GENESIS_HASH };
  if (changed) {
    const draft: Omit<HistoryEntry, 'hash'> = {
      seq: historyHead.seq + 1,
      at,
      from: current?.color ?? null,
      to: result.color,
      reasons,
      cause: change.cause.ref === undefined ? { kind: change.cause.kind } : { kind: change.cause.kind, ref: change.cause.ref },
      prevHash: historyHead.hash,
    };
    const entry: HistoryEntry = { ...draft, hash: historyEntryHash(draft) };
    writes.push({ kind: 'history', holderId, entry });
    historyHead = { seq: entry.seq, hash: entry.hash };
  }

  const status: StoredStatus = {
    holderId,
    accountId: change.register?.accountId ?? current!.accountId,
    color: result.color,
    since: colorChanged ? at : current!.since,
    evaluatedAt: at,
    rulesetVersion: result.rulesetVersion,
    reasons,
    ...(result.clearance ? { clearance: { ...result.clearance } } : {}),
    ...(result.nextReviewAt ? { nextReviewAt: result.nextReviewAt } : {}),
    streak: checkinStreak(allCheckins, today, ruleset.thresholds.feverTemperature),
    ...(change.declaration ? { declaredAt: at } : current?.declaredAt ? { declaredAt: current.declaredAt } : {}),
    ...(declarationFacts?.region ? { county: declarationFacts.region } : {}),
    holder: change.register?.holder ?? current!.holder,
    documentHash,
    version: (current?.version ?? 0) + 1,
    historyHead,
  };
  const extraStart = writes.length;
  for (const extra of change.extraItems ?? []) writes.push({ kind: 'extra', write: extra.item });
  const accountChecks = pushAccountChecks(writes, [current?.accountId, change.register?.accountId]);
  writes.push({ kind: 'status', status, ...(current ? { expectedVersion: current.version } : {}) });
  return { writes, accountChecks, checkinIndex, extraStart, status, withdrawnItems };
}

/**
 * Adds an account-open check for each distinct account (the holder's, and the one a registration
 * moves it to): a deletion under way makes the whole change lose. Returns their indexes.
 */
function pushAccountChecks(writes: HolderWrite[], accountIds: readonly (string | undefined)[]): number[] {
  const indexes: number[] = [];
  for (const accountId of new Set(accountIds.filter((id): id is string => Boolean(id)))) {
    indexes.push(writes.length);
    writes.push({ kind: 'account-open', accountId });
  }
  return indexes;
}

/** Authority record types whose records raise each authority trigger. */
const RECORD_TYPES_OF: Partial<Record<TriggerCode, { type: string; result?: 'positive' }>> = {
  'confirmed-case': { type: 'confirmed' },
  'suspected-case': { type: 'suspected' },
  'asymptomatic-case': { type: 'asymptomatic' },
  'positive-test': { type: 'test-result', result: 'positive' },
  'released-observation': { type: 'released' },
  'close-contact': { type: 'close-contact' },
  'false-declaration': { type: 'false-declaration' },
};

/**
 * The writes of one withdrawal. Declared triggers: the declarations of that day that carry the
 * trigger get it in their `withdrawn` list (mutated in place in `declarations`, so the evaluation of
 * this same change sees it). Authority triggers: one withdrawal item per record, beside it.
 */
function planWithdrawal(
  holderId: string,
  documentHash: string,
  w: Withdrawal,
  declarations: StoredDeclaration[],
  documentItems: readonly Record<string, unknown>[],
  feverTemperature: number,
  at: string,
): { writes: HolderWrite[]; authority?: AuthorityRecordFacts[] } {
  const writes: HolderWrite[] = [];
  const recordType = RECORD_TYPES_OF[w.trigger];
  if (!recordType) {
    for (const d of declarations) {
      const f = d.facts;
      if (f.day !== w.declaredOn || f.withdrawn?.includes(w.trigger)) continue;
      if (w.trigger === 'declared-contact' && !f.contactWithCase) continue;
      if (w.trigger === 'fever-or-symptoms' && !hasFeverOrSymptoms(f, feverTemperature)) continue;
      const withdrawn = [...(f.withdrawn ?? []), w.trigger];
      writes.push({ kind: 'withdraw-declared', holderId, declarationId: d.id, withdrawn, by: `${w.trigger}:${w.correctionId}` });
      d.facts = readDeclaration({ ...d.item, withdrawn })!;
    }
    return { writes };
  }
  const withdrawnAlready = new Set(documentItems.filter((i) => typeof i.withdraws === 'string').map((i) => i.withdraws as string));
  const added: Record<string, unknown>[] = [];
  for (const item of documentItems) {
    const sk = String(item.SK);
    if (!sk.startsWith('REC#') || withdrawnAlready.has(sk) || item.type !== recordType.type) continue;
    if (recordType.result && item.result !== recordType.result) continue;
    added.push({ withdraws: sk });
    writes.push({ kind: 'withdraw-record', documentHash, recordSk: sk, correctionId: w.correctionId, trigger: w.trigger, at });
  }
  return { writes, authority: readAuthorityRecords([...documentItems, ...added]) };
}

/**
 * Applies one change to a holder and returns the new status (see the module comment for the steps).
 * Returns undefined when the holder has no status yet and the change does not register it.
 * Throws AlreadyCheckedInError (409) when a check-in finds today already done.
 *
 * @example
 * const status = await applyHolderChange(store, holderId,
 *   { cause: { kind: 'checkin', ref: '2026-03-01' }, checkin: { temperature: 36.5, symptoms: [] } }, now);
 */
export async function applyHolderChange(store: HolderStore, holderId: string, change: HolderChange, now: Date): Promise<StoredStatus | undefined> {
  return (await applyHolderChangeCounted(store, holderId, change, now))?.status;
}

/** applyHolderChange, also counting the stored items a withdrawal marked. */
export async function applyHolderChangeCounted(store: HolderStore, holderId: string, change: HolderChange, now: Date): Promise<{ status: StoredStatus; withdrawnItems: number } | undefined> {
  for (let attempt = 1; ; attempt++) {
    const plan = await planChange(store, holderId, change, now);
    if (!plan) return undefined;
    try {
      await store.commit(plan.writes);
      return { status: plan.status, withdrawnItems: plan.withdrawnItems };
    } catch (err) {
      if (!(err instanceof WriteConflict)) throw err;
      if (plan.accountChecks.some((i) => err.failed[i])) throw new AccountClosingError({ cause: err });
      if (plan.checkinIndex >= 0 && err.failed[plan.checkinIndex]) {
        throw new AlreadyCheckedInError('您今天已经打过卡了，明天再来吧');
      }
      const extras = change.extraItems ?? [];
      for (let i = 0; i < extras.length; i++) {
        if (err.failed[plan.extraStart + i]) throw extras[i]!.onConflict();
      }
      // A version conflict (or a concurrent transaction on the same items): re-read and try again.
      if (attempt >= MAX_ATTEMPTS) throw new DependencyUnavailableError('操作的人较多，请稍后再试', undefined, { cause: err });
      await contentionPause(attempt);
    }
  }
}

/**
 * Closes a holder (a dependent removed by the account that added it): in ONE transaction, a last
 * history entry naming `cause` (same colour and reasons, so the chain records when and why the code
 * ended), `extraItems` (e.g. the document binding) and the deletion of the status, conditional on its
 * version. The history stays; without a status a scanned old code finds nothing. Returns false when
 * the holder has no status (already closed).
 */
export async function closeHolder(store: HolderStore, holderId: string, cause: Cause, extraItems: NonNullable<HolderChange['extraItems']>, now: Date): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const current = await readHolderStatus(store, holderId);
    if (!current) return false;
    const draft: Omit<HistoryEntry, 'hash'> = {
      seq: current.historyHead.seq + 1,
      at: now.toISOString(),
      from: current.color,
      to: current.color,
      reasons: current.reasons.map(({ code, message }) => ({ code, message })),
      cause: cause.ref === undefined ? { kind: cause.kind } : { kind: cause.kind, ref: cause.ref },
      prevHash: current.historyHead.hash,
    };
    const writes: HolderWrite[] = [
      { kind: 'history', holderId, entry: { ...draft, hash: historyEntryHash(draft) } },
      ...extraItems.map((extra): HolderWrite => ({ kind: 'extra', write: extra.item })),
    ];
    const accountChecks = pushAccountChecks(writes, [current.accountId]);
    writes.push({ kind: 'drop-status', holderId, expectedVersion: current.version });
    try {
      await store.commit(writes);
      return true;
    } catch (err) {
      if (!(err instanceof WriteConflict)) throw err;
      if (accountChecks.some((i) => err.failed[i])) throw new AccountClosingError({ cause: err });
      for (let i = 0; i < extraItems.length; i++) if (err.failed[1 + i]) throw extraItems[i]!.onConflict();
      if (attempt >= MAX_ATTEMPTS) throw new DependencyUnavailableError('操作的人较多，请稍后再试', undefined, { cause: err });
      await contentionPause(attempt);
    }
  }
}

/** Full jitter, capped: spreads competing writers without making a lone retry slow. */
function contentionPause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * Math.min(200, 5 * 2 ** attempt))));
}

/**
 * What the rules give now over the holder's stored facts, written nowhere: the invariant "a status is
 * always what the engine gives for its stored facts" is that its colour and its check-in streak are
 * `ruledStatus`'s at its evaluatedAt (audits and concurrency tests check it). Undefined without a status.
 */
export async function ruledStatus(store: HolderStore, holderId: string, now: Date): Promise<{ color: Color; reasonCodes: string[]; streak: number; version: number } | undefined> {
  const plan = await planChange(store, holderId, { cause: { kind: 'job' } }, now);
  if (!plan) return undefined;
  return { color: plan.status.color, reasonCodes: plan.status.reasons.map((r) => r.code), streak: plan.status.streak, version: plan.status.version - 1 };
}

/**
 * Re-evaluates a holder with no new fact of their own (feed, risk area, job, ruleset roll-out).
 * Writes a history entry only when the colour or the reasons change; the status (evaluatedAt,
 * clearance, nextReviewAt) is refreshed either way. Returns undefined for an unknown holder.
 */
export async function reevaluateHolder(store: HolderStore, holderId: string, cause: Cause, now: Date): Promise<StoredStatus | undefined> {
  try {
    return await applyHolderChange(store, holderId, { cause }, now);
  } catch (err) {
    // A holder whose account is being deleted is about to be erased: like an unknown holder, skipped.
    if (err instanceof AccountClosingError) return undefined;
    throw err;
  }
}

/**
 * What-if: the colour a holder has now and the one the rules would give with `extra` authority
 * records added, without writing anything. Reads the same facts a re-evaluation reads, so the
 * console's impact preview and the applied feed agree. Undefined for an unknown holder.
 */
export async function previewHolderColour(
  store: HolderStore,
  holderId: string,
  extra: readonly AuthorityRecordFacts[],
  now: Date,
  /** Another ruleset than the active one (a ruleset roll-out's dry run). */
  candidate?: Ruleset,
): Promise<{ from: Color; to: Color } | undefined> {
  const current = await readHolderStatus(store, holderId, false);
  if (!current) return undefined;
  const [declarations, checkins, authority, riskAreas, ruleset] = await Promise.all([
    store.declarations(holderId, now),
    store.checkins(holderId, shanghaiDay(now)),
    loadAuthorityRecords(store, current.documentHash),
    store.riskAreas(),
    candidate ?? store.activeRuleset(),
  ]);
  const facts: Facts = {
    declaration: declarations.at(-1)?.facts,
    ...(declarations.length > 1 ? { earlierDeclarations: declarations.slice(0, -1).map((d) => d.facts) } : {}),
    checkins,
    authority: [...authority, ...extra],
    riskAreas,
  };
  return { from: current.color, to: evaluate(facts, ruleset, now).color };
}
