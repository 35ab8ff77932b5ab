/**
 * POST /v1/inspector/verifications, the handler in-process (the whole middy stack, JWT check, zod,
 * the codec with Ed25519, the sealed reference, the rate-limit counter, the status read and the scan
 * item; the checkpoint counters are built from the table's stream, off the request path) against a DynamoDB Local this bench starts itself, next to the
 * bare work a verification cannot avoid: one GetItem of the status, one PutItem of the scan log and
 * one Ed25519 verify. Both run in the same loop, alternating, so machine noise hits both. Goal ≤ 1.25.
 *
 * Then CPU per request with the database taken out: process.cpuUsage() over many handler calls,
 * minus process.cpuUsage() over the same DynamoDB calls the handler makes (UpdateItem, GetItem,
 * PutItem) issued bare. DynamoDB Local runs in its own (Java) process, so its work never
 * counts; what is subtracted is the SDK's client-side cost. docs/scale.md uses these figures.
 */
import { nodeEd25519 } from '../../functions/adapters/ed25519-node';
import { createHash, randomBytes } from 'node:crypto';
import type { BenchRow } from './row';
import { startDynamoDbLocal } from '../lib/dynamodb-local';
import { ensureTable, localDocumentClient } from '../lib/table-admin';
import { generateLocalSecrets } from '../../functions/adapters/secrets';
import { holderStore } from '../../functions/wiring/holders';

const WARMUP = 100;
const ROUNDS = 600;
const CPU_ROUNDS = 600;
/** A fresh inspector token every 100 scans keeps the bench under the 120-a-minute limit. */
const SCANS_PER_TOKEN = 100;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function p90(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.9)]!;
}

function portOf(endpoint: string | undefined): number | undefined {
  const port = endpoint ? Number(new URL(endpoint).port) : NaN;
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

export async function benchVerify(): Promise<BenchRow[]> {
  // Modules read their configuration and secrets once per process. When an earlier bench of this run
  // already loaded them, start on the same port and table with the same secrets, so they stay true.
  const dynamo = await startDynamoDbLocal({ port: portOf(process.env.DYNAMODB_ENDPOINT) });
  try {
    const tableName = process.env.TABLE_NAME ?? 'health-code-bench';
    const secrets = process.env.SECRETS_JSON ? JSON.parse(process.env.SECRETS_JSON) : generateLocalSecrets();
    Object.assign(process.env, { TABLE_NAME: tableName, DYNAMODB_ENDPOINT: dynamo.endpoint, SECRETS_JSON: JSON.stringify(secrets), STAGE: 'review', LOG_LEVEL: 'SILENT' });
    await ensureTable(localDocumentClient(dynamo.endpoint), tableName, { stream: false });
    const [{ handler }, { documentClient }, { issueSession }, { signCode, codeKeys }, holderState, { keys, ttlAfter }, { decodePayload, signingMessage }, { httpEvent, invoke }, lib] = await Promise.all([
      import('../../functions/http/inspector-verifications/handler'),
      import('../../functions/adapters/dynamo'),
      import('../../functions/adapters/sessions'),
      import('../../functions/adapters/code-keys'),
      import('../../functions/core/holder-state'),
      import('../../functions/adapters/keys'),
      import('../../shared/payload'),
      import('../lib/lambda-events'),
      import('@aws-sdk/lib-dynamodb'),
    ]);
    const db = documentClient();
    const store = holderStore(db, tableName);
    const now = new Date();
    const holderId = holderState.newHolderId();
    await holderState.applyHolderChange(store, holderId, {
      cause: { kind: 'registration' },
      register: { holder: { maskedName: '张*三', maskedDocument: '3311**********001X' }, documentHash: randomBytes(32).toString('hex'), accountId: holderId },
    }, now);
    await holderState.applyHolderChange(store, holderId, { cause: { kind: 'declaration' }, declaration: { region: '331102', travel: [], symptoms: [], contactWithCase: false } }, now);

    // Payloads live 120 s (+30 s skew): sign a fresh one now and then, outside the timed calls.
    let payload = (await signCode(holderId, 'green', new Date())).payload;
    let signedAt = Date.now();
    const freshPayload = async () => {
      if (Date.now() - signedAt > 60_000) {
        payload = (await signCode(holderId, 'green', new Date())).payload;
        signedAt = Date.now();
      }
      return payload;
    };
    const key = (await codeKeys()).ring.signingKey(new Date()).publicKey;

    const freshToken = async () =>
      (await issueSession({ sub: `bench:${randomBytes(4).toString('hex')}`, role: 'inspector', checkpoints: ['bench-gate'] }, new Date())).token;
    let calls = 0;
    let token = '';
    const nextToken = async () => {
      if (calls++ % SCANS_PER_TOKEN === 0) token = await freshToken();
      return token;
    };
    // The API Gateway event is built before the clock starts and the answer checked after it stops:
    // the harness is not the handler.
    const eventFor = (text: string, bearer: string) =>
      httpEvent('POST', '/v1/inspector/verifications', { body: { payload: text, checkpointId: 'bench-gate' }, headers: { authorization: `Bearer ${bearer}` } });
    const call = (event: ReturnType<typeof eventFor>) => invoke(handler as never, event);
    const check = (res: Awaited<ReturnType<typeof call>>) => {
      if (res.statusCode !== 200 || res.json.outcome !== 'pass') throw new Error(`verify answered ${res.statusCode}: ${res.body}`);
    };
    const route = async (text: string, bearer: string) => check(await call(eventFor(text, bearer)));
    const timedRoute = async (text: string, bearer: string) => {
      const event = eventFor(text, bearer);
      let res: Awaited<ReturnType<typeof call>> | undefined;
      const ms = await timeOf(async () => {
        res = await call(event);
      });
      check(res!);
      return ms;
    };
    const claim = (text: string) =>
      db.send(new lib.PutCommand({
        TableName: tableName,
        Item: { ...keys.payloadGate(createHash('sha256').update(text).digest('base64url')), checkpointId: 'bench-gate', ...ttlAfter(new Date(), 180) },
        ConditionExpression: 'attribute_not_exists(PK) OR checkpointId = :cp',
        ExpressionAttributeValues: { ':cp': 'bench-gate' },
      }));
    const bare = async (text: string) => {
      const decoded = decodePayload(text);
      if (!decoded.ok || !nodeEd25519.verify(decoded.payload.signature, signingMessage(decoded.payload), key)) throw new Error('bare verify failed');
      // The status read and the one-gate claim (a conditional put), side by side as the handler does them.
      const [status] = await Promise.all([db.send(new lib.GetCommand({ TableName: tableName, Key: keys.status(holderId) })), claim(text)]);
      if (!status.Item) throw new Error('no status');
      const at = new Date().toISOString();
      await db.send(new lib.PutCommand({
        TableName: tableName,
        // The scan item as the log keeps it: masked holder and keyed holder reference included.
        Item: { ...keys.scan('bench:bare', at, randomBytes(6).toString('base64url')), at, checkpointId: 'bench-gate', kind: 'code', outcome: 'pass', color: 'green', holderRef: 'x'.repeat(32), maskedName: '张*三', maskedDocument: '3311**********001X', ...ttlAfter(new Date(), 3600) },
      }));
    };
    const timeOf = async (fn: () => Promise<void>) => {
      const start = process.hrtime.bigint();
      await fn();
      return Number(process.hrtime.bigint() - start) / 1e6;
    };

    for (let i = 0; i < WARMUP; i++) {
      const text = await freshPayload();
      await route(text, await nextToken());
      await bare(text);
    }
    const routeMs: number[] = [];
    const bareMs: number[] = [];
    const claimMs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const text = await freshPayload();
      const bearer = await nextToken();
      if (i % 2 === 0) {
        routeMs.push(await timedRoute(text, bearer));
        bareMs.push(await timeOf(() => bare(text)));
      } else {
        bareMs.push(await timeOf(() => bare(text)));
        routeMs.push(await timedRoute(text, bearer));
      }
      claimMs.push(await timeOf(async () => void (await claim(text))));
    }

    // CPU: the handler, then the same DynamoDB calls it made, issued bare (client-side SDK cost only).
    // The calls are counted, not assumed: the rate limiter leases tokens, so its UpdateItem is only
    // on some requests.
    const made = { UpdateItemCommand: 0, GetItemCommand: 0, PutItemCommand: 0, other: 0 };
    let counting = false;
    db.middlewareStack.add(
      (next, context) => async (args) => {
        if (counting) {
          const name = context.commandName as keyof typeof made;
          made[name in made ? name : 'other'] += 1;
        }
        return next(args);
      },
      { step: 'initialize', name: 'benchCallCounter' },
    );
    const handlerCpu = async () => {
      const tokens: string[] = [];
      for (let i = 0; i < CPU_ROUNDS / SCANS_PER_TOKEN; i++) tokens.push(...Array<string>(SCANS_PER_TOKEN).fill(await freshToken()));
      const text = await freshPayload();
      counting = true;
      const before = process.cpuUsage();
      for (let i = 0; i < CPU_ROUNDS; i++) await route(text, tokens[i]!);
      const used = process.cpuUsage(before);
      counting = false;
      return (used.user + used.system) / 1000 / CPU_ROUNDS;
    };
    const cpuHandler = median([await handlerCpu(), await handlerCpu(), await handlerCpu()]);
    const perRound = (n: number) => n / (3 * CPU_ROUNDS);
    const dbCpu = async () => {
      let updates = 0;
      let gets = 0;
      let puts = 0;
      const before = process.cpuUsage();
      for (let i = 0; i < CPU_ROUNDS; i++) {
        const at = new Date();
        // Spread the counted calls evenly over the rounds.
        for (; updates < perRound(made.UpdateItemCommand) * (i + 1); updates++) {
          await db.send(new lib.UpdateCommand({ TableName: tableName, Key: keys.rateWindow('bench:cpu', String(i)), UpdateExpression: 'ADD #n :one', ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit', ExpressionAttributeNames: { '#n': 'count' }, ExpressionAttributeValues: { ':one': 1, ':limit': 120 } }));
        }
        for (; gets < perRound(made.GetItemCommand) * (i + 1); gets++) await db.send(new lib.GetCommand({ TableName: tableName, Key: keys.status(holderId) }));
        for (; puts < perRound(made.PutItemCommand) * (i + 1); puts++) {
          await db.send(new lib.PutCommand({ TableName: tableName, Item: { ...keys.scan('bench:cpu', at.toISOString(), `${i}-${puts}`), at: at.toISOString(), checkpointId: 'bench-gate', kind: 'code', outcome: 'pass', color: 'green', maskedName: '张*三', maskedDocument: '3311**********001X', holderRef: 'x'.repeat(32), ...ttlAfter(at, 3600) } }));
        }
      }
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1000 / CPU_ROUNDS;
    };
    const cpuDb = median([await dbCpu(), await dbCpu(), await dbCpu()]);

    const callsPerRequest = `${(made.GetItemCommand / (3 * CPU_ROUNDS)).toFixed(2)} GetItem + ${(made.PutItemCommand / (3 * CPU_ROUNDS)).toFixed(2)} PutItem + ${(made.UpdateItemCommand / (3 * CPU_ROUNDS)).toFixed(2)} UpdateItem per request${made.other ? ` + ${(made.other / (3 * CPU_ROUNDS)).toFixed(2)} other` : ''}`;
    const routeMedian = median(routeMs);
    const bareMedian = median(bareMs);
    return [
      { name: 'verify handler, median latency', value: `${routeMedian.toFixed(2)} ms`, note: `${ROUNDS} calls, DynamoDB Local` },
      { name: 'bare work (GetItem ∥ claim PutItem, then scan PutItem + Ed25519), median', value: `${bareMedian.toFixed(2)} ms` },
      { name: 'ratio handler / bare work', value: (routeMedian / bareMedian).toFixed(2), note: 'goal ≤ 1.25' },
      { name: 'one-gate claim alone (conditional PutItem), median', value: `${median(claimMs).toFixed(2)} ms`, note: 'runs beside the status read, so the answer waits for the slower of the two' },
      { name: 'verify handler, mean / p90 latency', value: `${mean(routeMs).toFixed(2)} / ${p90(routeMs).toFixed(2)} ms`, note: 'one request in ~8 also leases rate-limit tokens' },
      { name: 'bare work, mean / p90', value: `${mean(bareMs).toFixed(2)} / ${p90(bareMs).toFixed(2)} ms` },
      { name: 'handler CPU per request, in process', value: `${cpuHandler.toFixed(3)} ms`, note: `incl. the SDK side of its DynamoDB calls: ${callsPerRequest}` },
      { name: 'SDK CPU of those DynamoDB calls, issued bare', value: `${cpuDb.toFixed(3)} ms` },
      { name: 'handler CPU per request, database taken out', value: `${Math.max(0, cpuHandler - cpuDb).toFixed(3)} ms`, note: 'input to docs/scale.md' },
    ];
  } finally {
    await dynamo.stop();
  }
}
