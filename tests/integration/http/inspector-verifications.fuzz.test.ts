/**
 * Fuzz: 10,000 random and mutated payloads into the verify handler, in-process with real API Gateway
 * v2 events: the whole middy stack, the real codec and key ring, the status read from DynamoDB Local.
 * The rate limiter and the scan log are in-memory fakes on their port interfaces, so the run spends
 * its time on parsing and verifying, not on 30,000 writes (the real ones are covered by the API test).
 * Nothing may answer 500 or throw; every answer must match the contract, only the untouched payload
 * may pass, and every answered scan must be logged.
 */
import fc from 'fast-check';
import { httpEvent, invoke } from '../../support/events';
import { signCode } from '../../../functions/adapters/code-keys';
import { issueSession } from '../../../functions/adapters/sessions';
import { verificationResponse } from '../../../shared/api/inspector';
import { PAYLOAD_SCHEME } from '../../../shared/payload';
import type { ScanEntry } from '../../../functions/core/inspector/ports';

const RUNS = 10_000;
const PARALLEL = 16;
/** A fresh inspector token every 100 scans, as if many gates were fuzzing at once. */
const SCANS_PER_INSPECTOR = 100;
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

function mutations(valid: string): fc.Arbitrary<string> {
  const body = valid.slice(PAYLOAD_SCHEME.length);
  const index = fc.nat({ max: valid.length - 1 });
  const b45char = fc.constantFrom(...B45.split(''));
  return fc.oneof(
    // one character replaced (anywhere, scheme included)
    fc.tuple(index, fc.oneof(b45char, fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }))).map(([i, c]) => valid.slice(0, i) + c + valid.slice(i + 1)),
    // truncated, or cut in the middle
    index.map((i) => valid.slice(0, i)),
    fc.tuple(index, index).map(([a, b]) => valid.slice(0, Math.min(a, b)) + valid.slice(Math.max(a, b))),
    // extended with Base45 or anything
    fc.string({ unit: b45char, maxLength: 200 }).map((tail) => valid + tail),
    fc.string({ maxLength: 50, unit: 'grapheme' }).map((tail) => valid + tail),
    // characters inserted
    fc.tuple(index, fc.string({ unit: b45char, minLength: 1, maxLength: 6 })).map(([i, s]) => valid.slice(0, i) + s + valid.slice(i)),
    // body reversed, upper/lower-cased, doubled
    fc.constant(PAYLOAD_SCHEME + body.split('').reverse().join('')),
    fc.constant(valid.toLowerCase()),
    fc.constant(valid + body),
  );
}

const randomPayloads = fc.oneof(
  fc.string({ maxLength: 300 }).filter((s) => s.length > 0),
  fc.string({ maxLength: 300, unit: 'binary' }).filter((s) => s.length > 0),
  fc.string({ unit: fc.constantFrom(...B45.split('')), minLength: 1, maxLength: 400 }).map((s) => PAYLOAD_SCHEME + s),
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => PAYLOAD_SCHEME + Buffer.from(bytes).toString('base64')),
  fc.string({ minLength: 3000, maxLength: 4096, unit: fc.constantFrom(...B45.split('')) }).map((s) => PAYLOAD_SCHEME + s),
);

// As deployed on review/prod: system clock, no dev-clock read per request (the handler is loaded
// after this is set, and reads its configuration once).
process.env.STAGE = 'review';
const { verifyHandler } = await import('../../../functions/http/inspector-verifications/handler');
const { inspectorPorts } = await import('../../../functions/wiring/inspector');

const logged: ScanEntry[] = [];
const handler = verifyHandler(() => ({
  ...inspectorPorts(),
  rateLimiter: { consume: async () => ({ allowed: true, retryAfterSeconds: 60 }) },
  scanLog: {
    record: async (entry) => void logged.push(entry),
    list: async () => ({ scans: [] }),
    hourlyCounts: async () => [],
  },
}));
const { registeredHolder } = await import('../../support/inspector-fixtures');

test(`${RUNS} random and mutated payloads: no 500, no crash, only the original passes`, async () => {
  const person = await registeredHolder('钱多多');
  const { payload: valid } = await signCode(person.holderId, 'green', new Date());
  const samples = [valid, ...fc.sample(fc.oneof(mutations(valid), randomPayloads), { numRuns: RUNS - 1, seed: 20200211 })];
  expect(samples).toHaveLength(RUNS);

  const tokens: string[] = [];
  for (let i = 0; i < Math.ceil(RUNS / SCANS_PER_INSPECTOR); i++) {
    tokens.push((await issueSession({ sub: `fuzz:${process.pid}:${i}`, role: 'inspector', checkpoints: ['demo-gate'] }, new Date())).token);
  }

  const statuses = new Map<number, number>();
  const outcomes = new Map<string, number>();
  let passes = 0;
  for (let start = 0; start < samples.length; start += PARALLEL) {
    const batch = samples.slice(start, start + PARALLEL);
    const answers = await Promise.all(
      batch.map((payload, j) =>
        invoke(handler as never, httpEvent('POST', '/v1/inspector/verifications', {
          body: { payload, checkpointId: 'demo-gate' },
          headers: { authorization: `Bearer ${tokens[Math.floor((start + j) / SCANS_PER_INSPECTOR)]}` },
        })),
      ),
    );
    answers.forEach((res, j) => {
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const payload = batch[j]!;
      if (res.statusCode === 200) {
        const body = verificationResponse.parse(res.json);
        outcomes.set(body.reason ?? body.outcome, (outcomes.get(body.reason ?? body.outcome) ?? 0) + 1);
        if (body.outcome !== 'invalid') {
          // Only a payload that still carries the original signed bytes may be accepted.
          expect(payload).toBe(valid);
          passes++;
        }
      } else {
        // An empty payload or one over 4096 characters is the schema's Chinese 400; nothing else may fail.
        expect({ status: res.statusCode, outsideSchema: payload.length === 0 || payload.length > 4096 }).toEqual({ status: 400, outsideSchema: true });
        expect(res.json.title).toBe('请求内容有误');
      }
    });
  }
  expect(passes).toBeGreaterThanOrEqual(1);
  // Every answered scan, invalid ones included, was logged, and never with a clear name.
  expect(logged).toHaveLength(statuses.get(200) ?? 0);
  expect(logged.filter((e) => e.outcome === 'invalid').every((e) => e.holderRef === undefined && e.maskedName === undefined)).toBe(true);
  expect(statuses.get(500) ?? 0).toBe(0);
  // The fuzz reached every stage of the check, not only the parser.
  expect(outcomes.get('malformed')).toBeGreaterThan(100);
  expect(outcomes.get('bad-signature')).toBeGreaterThan(10);
}, 240_000);
