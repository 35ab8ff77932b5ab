/**
 * Concurrency: bounded bursts of parallel requests over HTTP on one feed id, one resident
 * or one key, then an audit of the invariants over the whole table (docs/architecture.md):
 * - a holder's status is what the engine gives for its stored facts (`ruledStatus`: the colour, and
 *   the streak, so a stored check-in the status did not count is caught too);
 * - a document binding exists only with its holder;
 * - nothing personal outlives a deletion answered 204 (the account's closed mark names its holders);
 * - a feed id's records are those of its first accepted body (per burst: the refused body's person
 *   has no record and keeps their colour; over the table: one type, no index twice);
 * - no idempotency key is left in progress past its lease, or committed without its answer.
 */
import { randomBytes } from 'node:crypto';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/adapters/keys';
import { canonicalJson, ruledStatus } from '../../functions/core/holder-state';
import { holderStore } from '../../functions/wiring/holders';
import { scanAll } from './audit';
import { AUTHORITY_HEADERS, type Journey } from './journey';
import { syntheticPerson } from './people';
import { shanghaiDay } from '../../shared/time';

export interface InvariantAudit {
  holders: number;
  /** 1. a holder's status is what the engine gives for its stored facts. */
  statusNotRuled: string[];
  /** 2. a document binding exists only while its holder exists. */
  bindingWithoutHolder: string[];
  /** 3. nothing personal outlives a deletion answered 204 (closed marks), but the pseudonymous history. */
  personalAfterDeletion: string[];
  /** 4. a feed id's stored records are exactly those of its first accepted body. */
  feedNotOneBody: string[];
  /** 5. an idempotency key ends with the stored answer of a completed write, or with nothing. */
  idempotencyStuck: string[];
  /** Deletions answered 204 whose marks the audit read (closed, not expired yet). */
  deletions: number;
  feeds: number;
}

export function invariantViolations(a: InvariantAudit): number {
  return a.statusNotRuled.length + a.bindingWithoutHolder.length + a.personalAfterDeletion.length + a.feedNotOneBody.length + a.idempotencyStuck.length;
}

/** Every violation found, one line each (pseudonymous keys only). */
export function invariantNotes(a: InvariantAudit): string[] {
  return [...a.statusNotRuled, ...a.bindingWithoutHolder, ...a.personalAfterDeletion, ...a.feedNotOneBody, ...a.idempotencyStuck];
}

/** The five counts in one line, for the report. */
export function invariantLine(a: InvariantAudit, when: string): string {
  return `Invariants over the whole table ${when} (docs/architecture.md): ${a.holders} holders, ${a.deletions} deletions, ${a.feeds} feeds; `
    + `**status not what the rules give for the stored facts: ${a.statusNotRuled.length}**; document bindings without their holder: ${a.bindingWithoutHolder.length}; `
    + `personal items left after a deletion answered 204: ${a.personalAfterDeletion.length}; feed ids whose records are not those of one body: ${a.feedNotOneBody.length}; `
    + `idempotency keys left in progress or without their answer: ${a.idempotencyStuck.length} (bar 0 each).`;
}

/**
 * Limits an audit to what a test created (a shared table also holds other tests' half-seeded
 * items): statuses and bindings of these accounts, their deletions and keys, and these feeds.
 */
export interface AuditScope {
  accounts: ReadonlySet<string>;
  feeds?: ReadonlySet<string>;
}

/** The invariants over every item of the table (a Scan: a harness, never a request path). */
export async function auditInvariants(db: DynamoDBDocumentClient, tableName: string, now = new Date(), scope?: AuditScope): Promise<InvariantAudit> {
  const items = await scanAll(db, tableName);
  const inAccount = (id: unknown) => !scope || scope.accounts.has(String(id));
  const statuses = new Map(items.filter((i) => String(i.PK).startsWith('HOLDER#') && i.SK === 'STATUS').map((i) => [String(i.PK).slice('HOLDER#'.length), i]));
  const result: InvariantAudit = { holders: 0, statusNotRuled: [], bindingWithoutHolder: [], personalAfterDeletion: [], feedNotOneBody: [], idempotencyStuck: [], deletions: 0, feeds: 0 };
  const store = holderStore(db, tableName);
  for (const [holderId, status] of statuses) {
    if (!inAccount(status.accountId)) continue;
    result.holders++;
    const ruled = await ruledStatus(store, holderId, new Date(String(status.evaluatedAt)));
    if (ruled && ruled.color !== status.color) result.statusNotRuled.push(`HOLDER#${holderId}: stored ${status.color}, the rules give ${ruled.color}`);
    else if (ruled && ruled.streak !== status.streak) result.statusNotRuled.push(`HOLDER#${holderId}: stored streak ${status.streak}, the stored check-ins give ${ruled.streak}`);
  }
  const byPk = new Map<string, Record<string, any>[]>();
  for (const item of items) {
    const list = byPk.get(String(item.PK)) ?? [];
    list.push(item);
    byPk.set(String(item.PK), list);
  }
  // 3. A closed mark means DELETE answered 204: nothing of the account but history may be left.
  for (const mark of items.filter((i) => String(i.PK).startsWith('CLOSING#') && i.SK === 'CLOSING' && i.state === 'closed')) {
    const accountId = String(mark.accountId);
    if (!inAccount(accountId)) continue;
    result.deletions++;
    const holderIds = new Set<string>((mark.targets?.holderIds as string[] | undefined) ?? []);
    const left = (what: string) => result.personalAfterDeletion.push(`account ${accountId}: ${what}`);
    for (const item of byPk.get(keys.account(accountId).PK) ?? []) left(`${item.PK}/${item.SK}`);
    for (const holderId of holderIds) for (const item of byPk.get(keys.status(holderId).PK) ?? []) if (!String(item.SK).startsWith('HIST#')) left(`${item.PK}/${item.SK}`);
    for (const item of items) {
      const pk = String(item.PK);
      if (item.accountId === accountId && (pk.startsWith('ALIPAY#') || pk.startsWith('SANDBOX#') || pk.startsWith('DEPCONFIRM#'))) left(`${pk}/${item.SK}`);
      if (pk === 'CORRECTIONS' && holderIds.has(String(item.holderId))) left(`${pk}/${item.SK}`);
      if (pk.startsWith('DOC#') && item.SK === 'BIND' && holderIds.has(String(item.holderId))) left(`${pk}/BIND`);
    }
  }
  // 4. One body per feed id: every record of a feed has its receipt's type, and no index twice (a
  // second body's records would repeat indexes under other documents).
  const receipts = new Map(items.filter((i) => String(i.PK).startsWith('FEED#') && i.SK === 'FEED').map((i) => [String(i.feedId), i]));
  const recordsByFeed = new Map<string, Record<string, any>[]>();
  for (const item of items) {
    if (!String(item.PK).startsWith('DOC#') || !String(item.SK).startsWith('REC#') || typeof item.feedId !== 'string') continue;
    if (scope && !scope.feeds?.has(item.feedId)) continue;
    const list = recordsByFeed.get(item.feedId) ?? [];
    list.push(item);
    recordsByFeed.set(item.feedId, list);
  }
  for (const [feedId, records] of recordsByFeed) {
    result.feeds++;
    const receipt = receipts.get(feedId);
    const bad = (what: string) => result.feedNotOneBody.push(`FEED#${feedId}: ${what}`);
    // Console-approved feeds store records under their own ids; only receipts of the authority route are compared.
    if (!receipt) continue;
    const indexes = records.map((r) => String(r.SK).split('#').at(-1));
    if (new Set(indexes).size !== indexes.length) bad(`${records.length} records, ${new Set(indexes).size} distinct indexes (two bodies)`);
    if (records.some((r) => r.type !== receipt.type)) bad(`a record of type other than the receipt's ${receipt.type}`);
    // (Not the claim time: a stale claim taken over restamps the receipt, and its records are the same body's.)
  }
  for (const item of items) {
    if (String(item.PK).startsWith('DOC#') && item.SK === 'BIND' && inAccount(item.accountId) && !statuses.has(String(item.holderId))) result.bindingWithoutHolder.push(`${item.PK}: bound to a holder with no status`);
    if (String(item.PK).startsWith('IDEM#') && item.state !== 'done' && (!scope || [...scope.accounts].some((a) => String(item.PK).startsWith(`IDEM#${a}:`)))) {
      const expired = item.state === 'committed' || item.leaseUntil === undefined || Number(item.leaseUntil) < now.getTime();
      if (expired) result.idempotencyStuck.push(`${item.PK}: ${item.state}${item.state === 'in-progress' ? ' past its lease' : ' without its answer'}`);
    }
  }
  return result;
}

export interface BurstResult {
  trials: number;
  /** Trials in which the invariant of the burst did not hold. */
  violations: number;
  notes: string[];
  /** The accounts and feed ids the burst made: an audit can be limited to them (AuditScope). */
  accounts: string[];
  feeds: string[];
}

/** The account a resident token is for (its subject). */
export function accountOf(token: string): string {
  return String(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub);
}

/** The audit scope of some bursts. */
export function scopeOf(bursts: readonly BurstResult[]): AuditScope {
  return { accounts: new Set(bursts.flatMap((b) => b.accounts)), feeds: new Set(bursts.flatMap((b) => b.feeds)) };
}

function shuffled<T>(list: T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const CLEAN = { region: '331102', travel: [], symptoms: [], contactWithCase: false, commitment: true };
const COUGH = { ...CLEAN, symptoms: ['cough'] };

/** One feed id, body A 6 times and body B 3 times in parallel: exactly one body applies, the other is 409 and writes nothing. */
export async function feedTwoBodies(journey: Journey, run: string, trials: number): Promise<BurstResult> {
  const result: BurstResult = { trials, violations: 0, notes: [], accounts: [], feeds: [] };
  for (let t = 0; t < trials; t++) {
    const people = { a: syntheticPerson(), b: syntheticPerson() };
    const tokens = {
      a: (await journey.registeredResident(`feed2-${run}-${t}-a`, people.a)).token,
      b: (await journey.registeredResident(`feed2-${run}-${t}-b`, people.b)).token,
    };
    const feedId = `burst-${run}-${t}-${randomBytes(3).toString('hex')}`;
    result.accounts.push(accountOf(tokens.a), accountOf(tokens.b));
    result.feeds.push(feedId);
    const now = new Date();
    const body = (who: 'a' | 'b') => ({ feedId, type: 'close-contact', records: [{ documentType: people[who].documentType, documentNumber: people[who].documentNumber, at: new Date(now.getTime() - 3_600_000).toISOString(), lastExposureDay: shanghaiDay(now) }] });
    const sends = shuffled([...Array(6).fill('a'), ...Array(3).fill('b')] as ('a' | 'b')[]);
    const answers = await Promise.all(sends.map(async (who) => ({ who, status: (await journey.send('POST', '/v1/authority/feeds', { headers: AUTHORITY_HEADERS, body: body(who) })).status })));
    const winners = new Set(answers.filter((a) => a.status < 300).map((a) => a.who));
    const colour = async (who: 'a' | 'b') => (await journey.send('GET', '/v1/resident/status', { token: tokens[who] })).json?.color;
    const [ca, cb] = [await colour('a'), await colour('b')];
    const winner = [...winners][0];
    const ok = winners.size === 1
      && answers.filter((a) => a.who !== winner).every((a) => a.status === 409)
      && (winner === 'a' ? ca === 'red' && cb === 'green' : cb === 'red' && ca === 'green');
    if (!ok) {
      result.violations++;
      result.notes.push(`trial ${t}: answers ${answers.map((a) => `${a.who}${a.status}`).join(' ')}, colours a ${ca}, b ${cb}`);
    }
  }
  return result;
}

/**
 * Parallel writes on one resident: `declarations` declarations alternating no symptoms and a cough,
 * two check-ins and a close-contact feed on the person, in random order. One check-in is 201, the
 * other 409; nothing else is refused but a bounded 503 "busy". The audit then checks the colour is
 * the rules' over the stored facts.
 */
export async function alternatingDeclarations(journey: Journey, run: string, trials: number, declarations = 20): Promise<BurstResult> {
  const result: BurstResult = { trials, violations: 0, notes: [], accounts: [], feeds: [] };
  for (let t = 0; t < trials; t++) {
    const person = syntheticPerson();
    const { token } = await journey.registeredResident(`decl-${run}-${t}`, person);
    result.accounts.push(accountOf(token));
    const feedId = `decl-${run}-${t}-${randomBytes(3).toString('hex')}`;
    result.feeds.push(feedId);
    const now = new Date();
    const sends: Array<() => Promise<{ what: string; status: number }>> = [
      ...Array.from({ length: declarations }, (_, i) => () => journey.send('POST', '/v1/resident/declarations', { token, body: i % 2 ? COUGH : CLEAN }).then((r) => ({ what: 'declaration', status: r.status }))),
      ...[0, 1].map(() => () => journey.send('POST', '/v1/resident/checkins', { token, body: { temperature: 36.6, symptoms: [] } }).then((r) => ({ what: 'checkin', status: r.status }))),
      () => journey.send('POST', '/v1/authority/feeds', { headers: AUTHORITY_HEADERS, body: { feedId, type: 'close-contact', records: [{ documentType: person.documentType, documentNumber: person.documentNumber, at: new Date(now.getTime() - 3_600_000).toISOString(), lastExposureDay: shanghaiDay(now) }] } }).then((r) => ({ what: 'feed', status: r.status })),
    ];
    const answers = await Promise.all(shuffled(sends).map((send) => send()));
    // Answers may be 503 "busy" after bounded retries; never a 500. Of two check-ins of one day, one is 409.
    const checkins = answers.filter((a) => a.what === 'checkin').map((a) => a.status).sort();
    const bad = answers.filter((a) => a.what !== 'checkin' && (a.status === 500 || (a.status >= 400 && a.status !== 503)));
    const checkinsOk = checkins.filter((s) => s === 201).length <= 1 && checkins.every((s) => s === 201 || s === 409 || s === 503) && checkins.includes(409);
    if (bad.length || !checkinsOk) {
      result.violations++;
      result.notes.push(`parallel writes trial ${t}: ${answers.map((a) => `${a.what} ${a.status}`).join(', ')}`);
    }
  }
  return result;
}

/**
 * A declaration with an Idempotency-Key while the final UpdateItem fails (POST /v1/dev/faults), then
 * the same request twice: 201 with the same answer (as JSON values: a stored map's key order is DynamoDB's),
 * one declaration stored, and the key ends done.
 */
export async function faultDuringIdempotentWrite(journey: Journey, db: DynamoDBDocumentClient, tableName: string, run: string, trials: number): Promise<BurstResult> {
  const result: BurstResult = { trials, violations: 0, notes: [], accounts: [], feeds: [] };
  for (let t = 0; t < trials; t++) {
    const { token } = await journey.registeredResident(`idem-${run}-${t}`, syntheticPerson());
    result.accounts.push(accountOf(token));
    const key = `idem-${run}-${t}-${randomBytes(4).toString('hex')}`;
    const headers = { 'idempotency-key': key };
    await journey.send('POST', '/v1/dev/faults', { body: { kind: 'server-error', operations: ['UpdateItem'] } });
    const first = await journey.send('POST', '/v1/resident/declarations', { token, headers, body: COUGH });
    await journey.send('DELETE', '/v1/dev/faults');
    const retry = await journey.send('POST', '/v1/resident/declarations', { token, headers, body: COUGH });
    const again = await journey.send('POST', '/v1/resident/declarations', { token, headers, body: COUGH });
    // The owner's holder id is their account id, the token's subject.
    const holderId = accountOf(token);
    const prefix = keys.declarationPrefix(holderId);
    const stored = await db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': prefix.PK, ':p': prefix.prefix }, ConsistentRead: true }));
    // The clean declaration of the registration, and the cough once.
    const declared = stored.Items?.length ?? 0;
    const ok = first.status === 503 && retry.status === 201 && again.status === 201 && canonicalJson(retry.json) === canonicalJson(again.json) && retry.json?.status?.color === 'yellow' && declared === 2;
    if (!ok) {
      result.violations++;
      result.notes.push(`trial ${t}: first ${first.status}, retry ${retry.status}, again ${again.status}, colour ${retry.json?.status?.color}, declaration entries ${declared}`);
    }
  }
  return result;
}

/** A DELETE answered 503 (erasure not finished yet) is retried, as the app does; the last answer counts. */
async function deleteAccount(journey: Journey, token: string): Promise<number> {
  let status = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    status = (await journey.send('DELETE', '/v1/resident/account', { token })).status;
    if (status !== 503) return status;
  }
  return status;
}

/** An answer a write racing a deletion may get: done before the mark (a feed: 202), or refused after it (409, or 401/404 once the account is gone). */
const RACE_ANSWERS = new Set([200, 201, 202, 204, 401, 404, 409, 503]);

/**
 * A deletion racing every other write of the account: declarations, a check-in, a dependent's
 * declaration, a dependent add, an identity verification and a feed on the person, all in parallel
 * with DELETE /v1/resident/account. The DELETE ends 204, no answer is a 500, and the audit (scoped
 * to the account) finds nothing personal left and no binding without its holder.
 */
export async function deletionRacingWrites(journey: Journey, run: string, trials: number): Promise<BurstResult> {
  const result: BurstResult = { trials, violations: 0, notes: [], accounts: [], feeds: [] };
  for (let t = 0; t < trials; t++) {
    const person = syntheticPerson();
    const { token } = await journey.registeredResident(`del-${run}-${t}`, person);
    result.accounts.push(accountOf(token));
    const depId = await journey.addDependent(token, syntheticPerson());
    const fresh = syntheticPerson();
    const feedId = `del-${run}-${t}-${randomBytes(3).toString('hex')}`;
    result.feeds.push(feedId);
    const now = new Date();
    const writes: Array<() => Promise<number>> = [
      ...Array.from({ length: 3 }, (_, i) => () => journey.send('POST', '/v1/resident/declarations', { token, body: i % 2 ? COUGH : CLEAN }).then((r) => r.status)),
      () => journey.send('POST', '/v1/resident/checkins', { token, body: { temperature: 38.1, symptoms: ['cough'] } }).then((r) => r.status),
      () => journey.send('POST', `/v1/resident/dependents/${depId}/declarations`, { token, body: COUGH }).then((r) => r.status),
      () => journey.send('POST', '/v1/resident/dependents', { token, body: { name: fresh.name, documentType: fresh.documentType, documentNumber: fresh.documentNumber, relation: 'child' } }).then((r) => r.status),
      () => journey.send('POST', '/v1/authority/feeds', { headers: AUTHORITY_HEADERS, body: { feedId, type: 'close-contact', records: [{ documentType: person.documentType, documentNumber: person.documentNumber, at: new Date(now.getTime() - 3_600_000).toISOString(), lastExposureDay: shanghaiDay(now) }] } }).then((r) => r.status),
    ];
    const answers = await Promise.all(shuffled([...writes, () => deleteAccount(journey, token)]).map((w) => w()));
    const deleted = await deleteAccount(journey, token);
    const bad = answers.filter((s) => !RACE_ANSWERS.has(s));
    // After the race, the account is gone: a retried DELETE is 401 (its token names no account).
    if (bad.length || deleted !== 401) {
      result.violations++;
      result.notes.push(`deletion race trial ${t}: answers ${answers.join(' ')}, DELETE afterwards ${deleted}`);
    }
  }
  return result;
}

/**
 * A profile registration racing the account's deletion, then the same person signs in again and
 * registers: the second registration is always 201 (no binding is left pointing at the deleted account).
 */
export async function registrationRacingDeletion(journey: Journey, run: string, trials: number): Promise<BurstResult> {
  const result: BurstResult = { trials, violations: 0, notes: [], accounts: [], feeds: [] };
  for (let t = 0; t < trials; t++) {
    const person = syntheticPerson();
    const subject = `regdel-${run}-${t}`;
    const token = await journey.signIn(subject);
    result.accounts.push(accountOf(token));
    const [profile, deleted] = await Promise.all([
      journey.send('POST', '/v1/resident/profile', { token, body: person }).then((r) => r.status),
      deleteAccount(journey, token),
    ]);
    // The winner of the race is either; the person then starts over on the same sign-in.
    const again = await journey.signIn(subject);
    result.accounts.push(accountOf(again));
    const second = await journey.send('POST', '/v1/resident/profile', { token: again, body: person });
    if (!RACE_ANSWERS.has(profile) || deleted !== 204 || second.status !== 201) {
      result.violations++;
      result.notes.push(`registration race trial ${t}: profile ${profile}, DELETE ${deleted}, registering again ${second.status} ${second.status === 201 ? '' : String(second.json?.detail ?? '')}`);
    }
  }
  return result;
}
