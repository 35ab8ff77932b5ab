/**
 * The bad-input fuzzer. fast-check drives, over every route of functions/routes.ts: the route's valid
 * example from the contract (sent first: a route that refuses it counts as not run, since its cases
 * would never reach the body parser), then mutations of it (wrong types, huge strings, deep nesting,
 * unicode tricks, prototype-pollution keys, dropped and extra fields, random JSON, malformed JSON)
 * plus one 1 MiB body per route. fuzz-world.ts makes the resident and the things each route acts on.
 *
 * The route's zod schema from shared/api is the oracle: an input the schema refuses must be refused
 * (4xx). Every case must answer below 500, and a refused request must write nothing: the table is
 * snapshotted before and after each refused case (rate-limit counters, the dev clock and the
 * checkpoint counters excluded: a rate limit must count refused attempts too, the dev clock is
 * local-only, and the checkpoint counters are summed from the table's stream seconds after an
 * earlier, accepted scan; the scan items they count stay in the snapshot).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import * as z from 'zod';
import type { ZodType } from 'zod';
import {
  checkinRequest,
  declarationRequestAt,
  dependentRequestAt,
  devClockRequest,
  emptyBody,
  feedRequest,
  inspectorSessionRequest,
  manualCheckRequestAt,
  identityVerificationRequestAt,
  profileRequestAt,
  residentSessionRequest,
  sandboxCertifyRequest,
  riskAreasRequest,
  verificationRequest,
} from '../../shared/api';
import { verifyChainRequest } from '../../shared/api/audit';
import { correctionDecisionRequest, correctionListQuery, correctionRequest } from '../../shared/api/corrections';
import { colourStatsQuery, consoleSessionRequest, decisionRequest, feedProposalRequestAt, personLookupRequest, proposalListQuery, riskAreaChange, riskAreaProposalRequest, decisionBasis } from '../../shared/api/console';
import { rulesetVectors } from '../../shared/rules/vectors';
import v1Vectors from '../../shared/rules/v1.vectors.json' with { type: 'json' };
import { offlineScansRequest } from '../../shared/api/offline-scans';
import { dependentConfirmationRequestAt } from '../../shared/api/inspector';
import { rulesetSchema, rulesetV1 } from '../../shared/rules/schema';
import { scanListQuery } from '../../shared/api/scan-log';
import { shanghaiDay } from '../../shared/time';
import { countyStatsQuery, feedStatsQuery, scanDayQuery } from '../../shared/api/console-dashboard';
import { checkpointCreateRequest, checkpointDepartmentRequest, checkpointUpdateRequest } from '../../shared/api/console-checkpoints';
import { fillPath, type RouteInfo } from './catalog';
import type { Credentials } from './tokens';
import type { ApiAnswer, ApiRequest, Target } from './target';
import { residentIdNumber } from './people';

interface Seed {
  body?: (now: Date) => unknown;
  query?: (now: Date) => Record<string, string>;
  /** The oracle: the schema the contract gives this body (or query). */
  schema?: (now: Date) => ZodType;
}

const person = () => ({ name: '测试甲', documentType: 'resident-id', documentNumber: residentIdNumber() });

/**
 * The `{version}` the fuzzer puts in ruleset paths (see buildRequest), and the ruleset it sends
 * there: version 1 under that version, effective in 2099, so an accepted case only stores a
 * scheduled ruleset and never starts a roll-out.
 */
export const FUZZ_RULESET_VERSION = '9.9.9-fuzz';
/** A console ruleset proposal: v1 under a version never stored, effective in 2099, with two of v1's vectors. */
const consoleRuleset = () => ({ ...structuredClone(rulesetV1), version: '9.9.8-fuzz', effectiveFrom: '2099-01-01T00:00:00+08:00' });
const consoleVectors = () => ({ vectors: structuredClone((v1Vectors as { vectors: unknown[] }).vectors.slice(0, 2)) });
const fuzzRuleset = () => ({ ...structuredClone(rulesetV1), version: FUZZ_RULESET_VERSION, effectiveFrom: '2099-01-01T00:00:00+08:00' });

function consoleFeedBody(now: Date) {
  const record = { documentType: 'resident-id', documentNumber: residentIdNumber(), at: new Date(now.getTime() - 60_000).toISOString(), lastExposureDay: shanghaiDay(now) };
  return { type: 'close-contact', basis: { kind: 'epi-report', reference: 'FUZZ-流调-1' }, records: [record] };
}

/** A valid example per route; a route without one is fuzzed from `{}` and reported so. */
export const SEEDS: Record<string, Seed> = {
  'POST /v1/resident/sessions': { body: () => ({ provider: 'sandbox', subject: 'fuzz-resident' }), schema: () => residentSessionRequest },
  'POST /v1/resident/profile': { body: () => ({ ...person(), phone: '13800000000' }), schema: profileRequestAt },
  'POST /v1/resident/declarations': {
    body: () => ({ region: '331102', travel: [], symptoms: [], contactWithCase: false, commitment: true }),
    schema: declarationRequestAt,
  },
  'POST /v1/resident/dependents/{id}/declarations': {
    body: () => ({ region: '331102', travel: [], symptoms: [], contactWithCase: false, commitment: true }),
    schema: declarationRequestAt,
  },
  'POST /v1/resident/checkins': { body: () => ({ temperature: 36.5, symptoms: [] }), schema: () => checkinRequest },
  'POST /v1/resident/dependents/{id}/checkins': { body: () => ({ temperature: 36.5, symptoms: [] }), schema: () => checkinRequest },
  'POST /v1/resident/dependents': { body: () => ({ ...person(), relation: 'parent' }), schema: dependentRequestAt },
  'POST /v1/resident/dependents/{id}/verification': { body: () => ({}), schema: () => emptyBody },
  'POST /v1/resident/dependents/{id}/verification/result': { body: () => ({}), schema: () => emptyBody },
  'POST /v1/resident/identity-verifications': { body: () => person(), schema: identityVerificationRequestAt },
  'POST /v1/resident/sandbox-certify/{certifyId}': { body: () => ({ outcome: 'pass' }), schema: () => sandboxCertifyRequest },
  'POST /v1/inspector/dependent-confirmations': {
    body: () => ({ confirmationCode: 'ABCD2345', documentType: 'resident-id', documentNumber: residentIdNumber(), checkpointId: 'demo-gate' }),
    schema: dependentConfirmationRequestAt,
  },
  'POST /v1/inspector/sessions': { body: () => ({ provider: 'sandbox', subject: 'demo-inspector' }), schema: () => inspectorSessionRequest },
  'POST /v1/inspector/verifications': { body: () => ({ payload: 'HC1:garbage', checkpointId: 'demo-gate' }), schema: () => verificationRequest },
  'POST /v1/inspector/manual-checks': {
    body: () => ({ documentType: 'resident-id', documentNumber: residentIdNumber(), credential: 'community-pass', temperature: 36.5, checkpointId: 'demo-gate' }),
    schema: manualCheckRequestAt,
  },
  'GET /v1/inspector/scans': { query: () => ({ checkpointId: 'demo-gate', limit: '10' }), schema: () => scanListQuery },
  // An offline upload of one scan made a minute ago (the payload need not verify: it is logged as invalid).
  'POST /v1/inspector/offline-scans': {
    body: (now) => ({ scans: [{ scanId: 'fuzz-offline-1', payload: 'HC1:garbage', checkpointId: 'demo-gate', scannedAt: new Date(now.getTime() - 60_000).toISOString() }] }),
    schema: () => offlineScansRequest,
  },
  'POST /v1/authority/feeds': {
    body: (now) => ({ feedId: 'fuzz-feed', type: 'confirmed', records: [{ documentType: 'resident-id', documentNumber: residentIdNumber(), at: now.toISOString() }] }),
    schema: () => feedRequest,
  },
  'PUT /v1/authority/risk-areas': { body: (now) => ({ version: 'fuzz-1', areas: [{ region: '331102', level: 'low', since: shanghaiDay(now) }] }), schema: () => riskAreasRequest },
  // The document must also carry the path's version (the use case checks it after the schema).
  'PUT /v1/authority/rulesets/{version}': { body: fuzzRuleset, schema: () => rulesetSchema.refine((doc) => doc.version === FUZZ_RULESET_VERSION) },
  'POST /v1/authority/audit/verify-chain': { body: () => ({ documentType: 'resident-id', documentNumber: residentIdNumber() }), schema: () => verifyChainRequest },
  'GET /v1/authority/checkpoints/{id}/stats': { query: (now) => ({ day: shanghaiDay(now) }) },
  // A valid correction of a trigger the fuzz resident may not have: 201, or a 409 that writes nothing.
  'POST /v1/resident/corrections': { body: (now) => ({ trigger: 'declared-contact', declaredOn: shanghaiDay(now), category: 'declared-by-mistake', text: '申报时选错了' }), schema: () => correctionRequest },
  'POST /v1/resident/dependents/{id}/corrections': { body: (now) => ({ trigger: 'declared-contact', declaredOn: shanghaiDay(now), category: 'declared-by-mistake', text: '申报时选错了' }), schema: () => correctionRequest },
  'GET /v1/authority/corrections': { query: () => ({ state: 'pending', limit: '10' }), schema: () => correctionListQuery },
  'POST /v1/authority/corrections/{id}/decision': { body: () => ({ decision: 'reject', basis: '核实后不予采纳' }), schema: () => correctionDecisionRequest },
  'POST /v1/dev/clock': { body: (now) => ({ now: now.toISOString() }), schema: () => devClockRequest },
  'POST /v1/console/sessions': { body: () => ({ provider: 'sandbox', subject: 'demo-viewer' }), schema: () => consoleSessionRequest },
  'POST /v1/console/feed-previews': { body: consoleFeedBody, schema: feedProposalRequestAt },
  'POST /v1/console/feed-proposals': { body: consoleFeedBody, schema: feedProposalRequestAt },
  'GET /v1/console/feed-proposals': { query: () => ({ status: 'proposed' }), schema: () => proposalListQuery },
  'POST /v1/console/feed-proposals/{id}/decision': { body: () => ({ decision: 'reject', reason: '依据不足' }), schema: () => decisionRequest },
  'GET /v1/console/corrections': { query: () => ({ state: 'pending', limit: '10' }), schema: () => correctionListQuery },
  'POST /v1/console/corrections/{id}/decision': { body: () => ({ decision: 'reject', basis: '核实后不予采纳' }), schema: () => correctionDecisionRequest },
  'POST /v1/console/person-lookups': { body: () => ({ documentType: 'resident-id', documentNumber: residentIdNumber(), reason: 'FUZZ 工单 0001' }), schema: () => personLookupRequest },
  'GET /v1/console/checkpoints/{id}/stats': { query: (now) => ({ day: shanghaiDay(now) }) },
  'GET /v1/console/stats/colours': { query: () => ({ days: '7' }), schema: () => colourStatsQuery },
  'POST /v1/console/risk-areas/previews': { body: () => ({ region: '331102', level: 'high' }), schema: () => riskAreaChange },
  'POST /v1/console/risk-areas/proposals': { body: () => ({ region: '331102', level: 'high', basis: { kind: 'notice', reference: '丽防指〔2026〕12号' } }), schema: () => riskAreaProposalRequest },
  'GET /v1/console/risk-areas/proposals': { query: () => ({ status: 'proposed' }), schema: () => proposalListQuery },
  'POST /v1/console/rulesets/dry-runs': { body: () => ({ ruleset: consoleRuleset() }), schema: () => z.strictObject({ ruleset: rulesetSchema }) },
  'POST /v1/console/rulesets/proposals': {
    body: () => ({ ruleset: consoleRuleset(), vectors: consoleVectors(), basis: { kind: 'document', reference: '浙卫发〔2026〕8号' } }),
    schema: () => z.strictObject({ ruleset: rulesetSchema, vectors: rulesetVectors, basis: decisionBasis }),
  },
  'GET /v1/console/rulesets/proposals': { query: () => ({ status: 'proposed' }), schema: () => proposalListQuery },
  'POST /v1/console/rulesets/proposals/{id}/decision': { body: () => ({ decision: 'reject', reason: '依据不足' }), schema: () => decisionRequest },
  'POST /v1/console/risk-areas/proposals/{id}/decision': { body: () => ({ decision: 'reject', reason: '依据不足' }), schema: () => decisionRequest },
  'GET /v1/console/stats/counties': { query: () => ({ days: '7' }), schema: () => countyStatsQuery },
  'GET /v1/console/stats/scans': { query: (now) => ({ day: shanghaiDay(now) }), schema: () => scanDayQuery },
  'GET /v1/console/stats/feeds': { query: () => ({ days: '7' }), schema: () => feedStatsQuery },
  // A valid registration: 201 once, then 409 for the same id (nothing else is written).
  'POST /v1/console/checkpoints': { body: () => ({ id: 'fuzz-gate', name: '模糊测试卡口', type: 'station', county: '331102' }), schema: () => checkpointCreateRequest },
  'POST /v1/console/checkpoints/{id}/departments': { body: () => ({ departmentId: '4242' }), schema: () => checkpointDepartmentRequest },
  'PUT /v1/console/checkpoints/{id}': { body: () => ({ name: '模糊测试卡口', type: 'community', county: '331181' }), schema: () => checkpointUpdateRequest },
};

/**
 * Routes the fuzzer leaves out, with the reason: switching faults on or running jobs by hand is what
 * those local-only routes are for, and would break the cases that follow.
 */
export const FUZZ_EXCLUDED: Record<string, string> = {
  'POST /v1/resident/phone': 'its valid example is 503 on the local stage (no Alipay app keys); tests/integration/adapters/alipay.test.ts opens real and forged envelopes',
  'GET /console': 'local-only; serves the files of console/dist, which exist only after `npm run build:console`, and reads no input',
  'GET /console/{proxy+}': 'local-only; serves the files of console/dist, which exist only after `npm run build:console`, and reads no input',
  'POST /v1/dev/faults': 'local-only; a valid case would switch DynamoDB faults on',
  'DELETE /v1/dev/faults': 'local-only; no input',
  'POST /v1/dev/jobs/{name}': 'local-only; runs a job over the whole table',
};

type Path = (string | number)[];

function leafPaths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = prefix.length ? [prefix] : [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...leafPaths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...leafPaths(v, [...prefix, k]));
  return out;
}

function objectPaths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectPaths(v, [...prefix, i]));
  if (value && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([k, v]) => objectPaths(v, [...prefix, k]))];
  return [];
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const copy: any = structuredClone(root);
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1]] = value;
  return copy;
}

function deleteAt(root: unknown, path: Path): unknown {
  const copy: any = structuredClone(root);
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  if (Array.isArray(node)) node.splice(Number(path[path.length - 1]), 1);
  else delete node[path[path.length - 1]];
  return copy;
}

const WRONG_TYPES = [null, true, false, 0, -1, 1.5, 1e308, -1e308, '', '0', 'true', [], {}, [null], { a: 1 }];
const UNICODE_TRICKS = [
  '\u202e201133', // right-to-left override
  '3311\u200b02', // zero-width space
  '\ud800', // lone surrogate
  'a\u0000b', // NUL
  '１１０１０１１９９００３０７００１Ｘ', // full-width digits
  '张\u0301三', // combining mark
  '𠀀𠀁𠀂', // astral CJK
  '\ufeffBOM',
  'İıſ', // case-mapping traps
  'a\r\nSet-Cookie: x=1',
  "' OR '1'='1",
  '${jndi:ldap://127.0.0.1/x}',
  '../../etc/passwd',
  '<script>alert(1)</script>',
];
const PROTO_KEYS = ['"__proto__":{"polluted":"yes"}', '"constructor":{"prototype":{"polluted":"yes"}}', '"prototype":{"polluted":"yes"}'];
const MALFORMED = ['{', '{"a":', 'null', '[]', '"text"', '{"a":1}}', '{"a":1,}', 'NaN', '\u0000', '{"a":"\\ud800"}', '{"a":01}'];
const DEEP_SLOT = '"__deep_slot__"';
const PROTO_SLOT = '"__proto_slot__":1';

export interface FuzzCase {
  kind: string;
  body?: string;
  query?: Record<string, string>;
  pathParams?: Record<string, string>;
}

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** The fast-check arbitrary of one route's cases, built around its valid example. */
export function caseArbitrary(route: RouteInfo, seedBody: unknown, seedQuery: Record<string, string> | undefined, maxDepth = 20_000): fc.Arbitrary<FuzzCase> {
  const hasBody = seedBody !== undefined;
  const leaves = hasBody ? leafPaths(seedBody) : [];
  const objects = hasBody ? objectPaths(seedBody) : [];
  const anyPath = leaves.length ? fc.constantFrom(...leaves) : fc.constant<Path>([]);
  const anyObject = objects.length ? fc.constantFrom(...objects) : fc.constant<Path>([]);
  const text = (value: unknown) => JSON.stringify(value);
  const bodyCases: fc.Arbitrary<FuzzCase>[] = hasBody
    ? [
        fc.constant({ kind: 'valid', body: text(seedBody) }),
        fc.tuple(anyPath, fc.constantFrom(...WRONG_TYPES)).map(([p, v]) => ({ kind: 'wrong-type', body: text(setAt(seedBody, p, v)) })),
        fc.tuple(anyPath, fc.constantFrom(5_000, 60_000)).map(([p, n]) => ({ kind: 'huge-string', body: text(setAt(seedBody, p, 'Ｘ'.repeat(n / 3))) })),
        fc.tuple(anyPath, fc.constantFrom(...[64, 1_000, 20_000].filter((d) => d <= maxDepth))).map(([p, d]) => ({ kind: 'deep-nesting', body: text(setAt(seedBody, p, '__deep_slot__')).replace(DEEP_SLOT, deep(d)) })),
        fc.tuple(anyPath, fc.oneof(fc.constantFrom(...UNICODE_TRICKS), fc.string({ unit: 'binary', maxLength: 24 }))).map(([p, v]) => ({ kind: 'unicode', body: text(setAt(seedBody, p, v)) })),
        fc.tuple(anyObject, fc.constantFrom(...PROTO_KEYS)).map(([p, key]) => ({
          kind: 'proto-key',
          body: text(setAt(seedBody, [...p, '__proto_slot__'], 1)).replace(PROTO_SLOT, key),
        })),
        ...(leaves.length ? [fc.constantFrom(...leaves).map((p) => ({ kind: 'drop-field', body: text(deleteAt(seedBody, p)) }))] : []),
        anyObject.map((p) => ({ kind: 'extra-field', body: text(setAt(seedBody, [...p, 'unexpectedField'], 'x')) })),
        fc.jsonValue({ maxDepth: 4 }).map((v) => ({ kind: 'random-json', body: text(v) })),
        fc.constantFrom(...MALFORMED).map((raw) => ({ kind: 'malformed-json', body: raw })),
      ]
    : [
        // Routes without a body: a body must be refused, odd query strings and path values too.
        fc.constant({ kind: 'valid', query: seedQuery }),
        fc.jsonValue({ maxDepth: 2 }).map((v) => ({ kind: 'unexpected-body', body: text(v), query: seedQuery })),
      ];
  const queryKeys = Object.keys(seedQuery ?? {});
  const queryCases: fc.Arbitrary<FuzzCase>[] = seedQuery
    ? [
        fc.tuple(fc.constantFrom(...queryKeys), fc.oneof(fc.constantFrom(...UNICODE_TRICKS, '', '-1', '1e309', 'Ｘ'.repeat(3000)), fc.string({ unit: 'binary', maxLength: 24 }))).map(([k, v]) => ({
          kind: 'query-value',
          query: { ...seedQuery, [k]: v },
        })),
        fc.constantFrom('__proto__[polluted]', 'constructor[prototype][polluted]', 'unexpected').map((k) => ({ kind: 'query-key', query: { ...seedQuery, [k]: 'yes' } })),
      ]
    : [];
  const params = [...route.path.matchAll(/\{([^}+]+)\}/g)].map((m) => m[1]);
  const pathCases: fc.Arbitrary<FuzzCase>[] = params.length
    ? [fc.tuple(fc.constantFrom(...params), fc.oneof(fc.constantFrom(...UNICODE_TRICKS, 'Ｘ'.repeat(500), '..', '%2e%2e'), fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }))).map(([k, v]) => ({ kind: 'path-value', body: hasBody ? text(seedBody) : undefined, query: seedQuery, pathParams: { [k]: v } }))]
    : [];
  return fc.oneof(...bodyCases, ...queryCases, ...pathCases);
}

export interface FuzzRouteResult {
  route: string;
  cases: number;
  refused: number;
  accepted: number;
  serverErrors: number;
  /** Refused requests that changed the table. */
  writesByRefused: number;
  /** Inputs the schema refuses that the route accepted (2xx). */
  acceptedInvalid: number;
  /** Requests that got no answer at all (the transport gave up). */
  noAnswer: number;
  /** The requests that got a 5xx (at most 20), for a replay elsewhere. */
  serverErrorRequests: ApiRequest[];
  /** No contract example: fuzzed from `{}`. */
  seeded: boolean;
  /** The answer to the route's valid example, sent first. */
  valid: { status: number; text: string };
  /** Whether the valid example was accepted (2xx or 3xx): only then did the cases reach past auth and state to the parsers. */
  ran: boolean;
  examples: string[];
}

export interface FuzzOptions {
  casesPerRoute: number;
  seed?: number;
  clockScope: string;
  /** A fingerprint of the table's content (excluding rate-limit counters and the dev clock). */
  snapshot: () => Promise<string>;
  now?: Date;
  params?: Record<string, string>;
  /** The valid example when the contract's cannot know it (a confirmation code made for this run). */
  example?: { body?: unknown };
  /**
   * Deepest nesting sent (default 20 000). Over serverless-offline keep it at 1 000: the emulator
   * re-serialises JSON bodies itself and never answers a deeper one (AWS passes the raw body on).
   */
  maxDepth?: number;
}

/** Sends one case, with the route's own role, and classifies the answer. */
function buildRequest(route: RouteInfo, fuzzCase: FuzzCase, credentials: Credentials, options: FuzzOptions): ApiRequest {
  const auth = route.access === 'public' ? {} : credentials.headers(route.access);
  return {
    method: route.method,
    path: fillPath(route.path, { id: 'fuzz-no-such-id', version: FUZZ_RULESET_VERSION, name: 'no-such-job', ...options.params, ...fuzzCase.pathParams }),
    query: fuzzCase.query,
    headers: { 'x-dev-clock-scope': options.clockScope, ...auth },
    body: fuzzCase.body,
  };
}

function schemaRefuses(schema: ZodType | undefined, fuzzCase: FuzzCase, isQuery: boolean): boolean | undefined {
  if (!schema) return undefined;
  let input: unknown;
  if (isQuery) input = fuzzCase.query ?? {};
  else {
    try {
      input = fuzzCase.body === undefined ? undefined : JSON.parse(fuzzCase.body);
    } catch {
      return true;
    }
  }
  return !schema.safeParse(input).success;
}

/** Fuzzes one route. */
export async function fuzzRoute(target: Target, route: RouteInfo, credentials: Credentials, options: FuzzOptions): Promise<FuzzRouteResult> {
  const now = options.now ?? new Date();
  const seed = SEEDS[route.key];
  const seedBody = options.example?.body ?? (seed?.body ? seed.body(now) : ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined);
  const seedQuery = seed?.query?.(now);
  const schema = seed?.schema?.(now);
  const result: FuzzRouteResult = { route: route.key, cases: 0, refused: 0, accepted: 0, serverErrors: 0, writesByRefused: 0, acceptedInvalid: 0, noAnswer: 0, serverErrorRequests: [], seeded: Boolean(seed), valid: { status: 0, text: '' }, ran: false, examples: [] };
  const note = (what: string, fuzzCase: FuzzCase, answer: ApiAnswer) => {
    if (result.examples.length < 3) result.examples.push(`${what}: ${fuzzCase.kind} → ${answer.status} ${(fuzzCase.body ?? JSON.stringify(fuzzCase.query ?? {})).slice(0, 120)}`);
  };
  // One snapshot per case: compared with the one after the previous case.
  let baseline = await options.snapshot();
  const runCase = async (fuzzCase: FuzzCase): Promise<ApiAnswer | undefined> => {
    let answer: ApiAnswer;
    const request = buildRequest(route, fuzzCase, credentials, options);
    try {
      answer = await target(request);
    } catch (err) {
      result.cases++;
      result.noAnswer++;
      note('no answer', fuzzCase, { status: 0, headers: {}, text: (err as Error).message });
      baseline = await options.snapshot();
      return undefined;
    }
    const after = await options.snapshot();
    result.cases++;
    if (answer.status >= 500) {
      result.serverErrors++;
      if (result.serverErrorRequests.length < 20) result.serverErrorRequests.push(request);
      note('5xx', fuzzCase, answer);
    }
    if (answer.status >= 400) {
      result.refused++;
      if (after !== baseline) {
        result.writesByRefused++;
        note('write by refused request', fuzzCase, answer);
      }
    } else {
      result.accepted++;
      const refuses = fuzzCase.pathParams ? undefined : schemaRefuses(schema, fuzzCase, seedBody === undefined);
      if (refuses) {
        result.acceptedInvalid++;
        note('accepted invalid input', fuzzCase, answer);
      }
    }
    baseline = after;
    return answer;
  };
  // The valid example first: if it is refused, the mutations below never reach the body parsers.
  const valid = await runCase(seedBody === undefined ? { kind: 'valid', query: seedQuery } : { kind: 'valid', body: JSON.stringify(seedBody), query: seedQuery });
  result.valid = { status: valid?.status ?? 0, text: (valid?.text ?? '').slice(0, 200) };
  result.ran = valid !== undefined && valid.status < 400;
  const cases = fc.sample(caseArbitrary(route, seedBody, seedQuery, options.maxDepth), { numRuns: options.casesPerRoute, seed: options.seed ?? 9 });
  for (const fuzzCase of cases) await runCase(fuzzCase);
  // One 1 MiB body per route, whatever its method.
  await runCase({ kind: '1MiB-body', body: JSON.stringify({ ...(typeof seedBody === 'object' && seedBody ? seedBody : {}), filler: 'x'.repeat(1024 * 1024) }), query: seedQuery });
  return result;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Set) return canonical([...value].sort());
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** A fingerprint of a list of table items, leaving out rate-limit counters and the dev clock. */
export function fingerprint(items: Record<string, unknown>[]): string {
  const kept = items
    .filter((item) => !/^(RATE|DEV|STAT)#/.test(String(item.PK)))
    .map((item) => canonical(item))
    .sort();
  return `${kept.length}:${createHash('sha256').update(kept.join('\n')).digest('hex')}`;
}

/** Object.prototype after the fuzz: no `polluted` property may have appeared (in-process targets). */
export function prototypePolluted(): boolean {
  return ({} as Record<string, unknown>).polluted !== undefined || Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted');
}
