/**
 * Concurrency: bounded bursts of parallel requests over HTTP on one feed id, one resident
 * or one key, then an audit of the invariants over the whole table (docs/architecture.md):
 * - a holder's status is what the engine gives for its stored facts (`ruledStatus`);
 * - a document binding exists only with its holder;
 * - a feed id's records are those of its first accepted body (checked per burst: the refused body's
 *   person has no record and keeps their colour);
 * - no idempotency key is left in progress past its lease, or committed without its answer.
 * Deletion racing writes is not replayed yet (it waits for deletion as a state).
 */
import { randomBytes } from 'node:crypto';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/adapters/keys';
import { canonicalJson, ruledStatus } from '../../functions/core/holder-state';
import { holderStore } from '../../functions/wiring/resident';
import { scanAll } from './audit';
import { AUTHORITY_HEADERS, type Journey } from './journey';
import { syntheticPerson } from './people';
import { shanghaiDay } from '../../shared/time';

export interface InvariantAudit {
  holders: number;
  statusNotRuled: string[];
  bindingWithoutHolder: string[];
  idempotencyStuck: string[];
}

export function invariantViolations(a: InvariantAudit): number {
  return a.statusNotRuled.length + a.bindingWithoutHolder.length + a.idempotencyStuck.length;
}

/** The invariants over every item of the table (a Scan: a harness, never a request path). */
export async function auditInvariants(db: DynamoDBDocumentClient, tableName: string, now = new Date()): Promise<InvariantAudit> {
  const items = await scanAll(db, tableName);
  const statuses = new Map(items.filter((i) => String(i.PK).startsWith('HOLDER#') && i.SK === 'STATUS').map((i) => [String(i.PK).slice('HOLDER#'.length), i]));
  const result: InvariantAudit = { holders: statuses.size, statusNotRuled: [], bindingWithoutHolder: [], idempotencyStuck: [] };
  const store = holderStore(db, tableName);
  for (const [holderId, status] of statuses) {
    const ruled = await ruledStatus(store, holderId, new Date(String(status.evaluatedAt)));
    if (ruled && ruled.color !== status.color) result.statusNotRuled.push(`HOLDER#${holderId}: stored ${status.color}, the rules give ${ruled.color}`);
  }
  for (const item of items) {
    if (String(item.PK).startsWith('DOC#') && item.SK === 'BIND' && !statuses.has(String(item.holderId))) result.bindingWithoutHolder.push(`${item.PK}: bound to a holder with no status`);
    if (String(item.PK).startsWith('IDEM#') && item.state !== 'done') {
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
  const result: BurstResult = { trials, violations: 0, notes: [] };
  for (let t = 0; t < trials; t++) {
    const people = { a: syntheticPerson(), b: syntheticPerson() };
    const tokens = {
      a: (await journey.registeredResident(`feed2-${run}-${t}-a`, people.a)).token,
      b: (await journey.registeredResident(`feed2-${run}-${t}-b`, people.b)).token,
    };
    const feedId = `burst-${run}-${t}-${randomBytes(3).toString('hex')}`;
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

/** 10 parallel declarations alternating no symptoms and a cough on one resident; the audit checks the colour. */
export async function alternatingDeclarations(journey: Journey, run: string, trials: number): Promise<BurstResult> {
  const result: BurstResult = { trials, violations: 0, notes: [] };
  for (let t = 0; t < trials; t++) {
    const { token } = await journey.registeredResident(`decl-${run}-${t}`, syntheticPerson());
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => journey.send('POST', '/v1/resident/declarations', { token, body: i % 2 ? COUGH : CLEAN })));
    // Answers may be 503 "busy" after bounded retries; never a 500.
    const bad = answers.filter((a) => a.status === 500 || (a.status >= 400 && a.status !== 503));
    if (bad.length) {
      result.violations++;
      result.notes.push(`trial ${t}: ${bad.map((a) => a.status).join(' ')}`);
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
  const result: BurstResult = { trials, violations: 0, notes: [] };
  for (let t = 0; t < trials; t++) {
    const { token } = await journey.registeredResident(`idem-${run}-${t}`, syntheticPerson());
    const key = `idem-${run}-${t}-${randomBytes(4).toString('hex')}`;
    const headers = { 'idempotency-key': key };
    await journey.send('POST', '/v1/dev/faults', { body: { kind: 'server-error', operations: ['UpdateItem'] } });
    const first = await journey.send('POST', '/v1/resident/declarations', { token, headers, body: COUGH });
    await journey.send('DELETE', '/v1/dev/faults');
    const retry = await journey.send('POST', '/v1/resident/declarations', { token, headers, body: COUGH });
    const again = await journey.send('POST', '/v1/resident/declarations', { token, headers, body: COUGH });
    // The owner's holder id is their account id, the token's subject.
    const holderId = String(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub);
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
