/**
 * People the resident tests use. Every name, ID number and phone here is made up, and the privacy
 * test scans the API log and the responses for exactly these values.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { generateResidentIdCheckDigit } from '../../shared/identity';
import { shanghaiDay, startOfShanghaiDay, addDays } from '../../shared/time';
import { createDocumentClient } from '../../functions/adapters/dynamo';
import { keys } from '../../functions/adapters/keys';
import { client } from './http';

/** Clear personal values used by the tests, for the privacy scans. */
export const usedPersonalData = new Set<string>();

/** A random birth date (YYYYMMDD) between 1950 and 2004, so generated IDs do not collide across the suite. */
function randomBirth(): string {
  const day = new Date(Date.UTC(1950, 0, 1) + randomInt(0, 55 * 365) * 86_400_000);
  return day.toISOString().slice(0, 10).replace(/-/g, '');
}

/** A valid, random resident ID registered in 莲都区 (331102); pass a birth date (YYYYMMDD) to fix it. */
export function residentId(birth = randomBirth()): string {
  const first17 = `331102${birth}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  const id = first17 + generateResidentIdCheckDigit(first17);
  usedPersonalData.add(id);
  return id;
}

/** The same number with a wrong check character. */
export function withWrongCheckDigit(id: string): string {
  const last = id.at(-1)!;
  return id.slice(0, 17) + (last === '1' ? '2' : '1');
}

const SURNAMES = ['欧阳', '诸葛', '司马', '上官'];
const GIVEN = ['思远', '若曦', '浩然', '雨桐', '子涵', '梓萱'];

export function personName(): string {
  const name = SURNAMES[randomInt(0, SURNAMES.length)]! + GIVEN[randomInt(0, GIVEN.length)]! + GIVEN[randomInt(0, GIVEN.length)]!;
  usedPersonalData.add(name);
  return name;
}

export function phone(): string {
  const p = `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
  usedPersonalData.add(p);
  return p;
}

export function profileBody() {
  return { name: personName(), documentType: 'resident-id', documentNumber: residentId(), phone: phone() };
}

export const quietDeclaration = { region: '331102', travel: [], symptoms: [], contactWithCase: false, commitment: true };

/** 09:00 Asia/Shanghai, `daysAhead` days from now: inside the validity of the generated code keys. */
export function morning(daysAhead: number): Date {
  const day = addDays(shanghaiDay(new Date()), daysAhead);
  return new Date(startOfShanghaiDay(day).getTime() + 9 * 3_600_000);
}

export function subjectOf(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
}

/** A sandbox resident bound to one dev-clock scope. */
export async function signIn(scope: string, subject = `r-${randomBytes(6).toString('hex')}`) {
  const api = client(scope);
  const res = await api.call('POST', '/v1/resident/sessions', { provider: 'sandbox', subject });
  if (res.status !== 200 || typeof res.body?.token !== 'string') throw new Error(`sign-in failed: ${res.status} ${res.text}`);
  const token = res.body.token as string;
  return { subject, token, accountId: subjectOf(token), registered: res.body.registered as boolean, api, call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => api.call(method, path, body, { token, headers }) };
}

const db = () => createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });

/** Every item of a holder and an account, to show a refused request wrote nothing. */
export async function snapshot(...pks: string[]): Promise<string> {
  const all: unknown[] = [];
  for (const pk of pks) {
    const out = await db().send(new QueryCommand({ TableName: process.env.TABLE_NAME!, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }));
    all.push(...(out.Items ?? []));
  }
  return JSON.stringify(all);
}

export const holderPk = (id: string) => keys.status(id).PK;
export const accountPk = (id: string) => keys.account(id).PK;

type Caller = { call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: any; text: string }> };

/**
 * Adds a dependent and plays the sandbox's face step with `outcome`, then asks for the result:
 * the answer of the result route (200 with the active dependent when it passed).
 */
export async function addDependentVerified(me: Caller, body: Record<string, unknown>, outcome: 'pass' | 'fail' | 'quit' = 'pass') {
  const added = await me.call('POST', '/v1/resident/dependents', body);
  if (added.status !== 201) return { added, result: added, id: undefined as string | undefined };
  const id = added.body.dependent.id as string;
  const step = await me.call('POST', `/v1/resident/sandbox-certify/${added.body.verification.certifyId}`, { outcome });
  if (step.status !== 204) throw new Error(`sandbox certify failed: ${step.status} ${step.text}`);
  const result = await me.call('POST', `/v1/resident/dependents/${id}/verification/result`, {});
  return { added, result, id };
}

/** A registered resident with a first quiet declaration, made at `now` on its scope's dev clock. */
export async function registeredResidentAt(scope: string, now: Date) {
  let me = await signIn(scope);
  await me.api.setClock(now);
  me = await signIn(scope, me.subject);
  const profile = await me.call('POST', '/v1/resident/profile', profileBody());
  if (profile.status !== 201) throw new Error(`profile: ${profile.status} ${profile.text}`);
  const declared = await me.call('POST', '/v1/resident/declarations', quietDeclaration);
  if (declared.status !== 201) throw new Error(`declaration: ${declared.status} ${declared.text}`);
  return me;
}
