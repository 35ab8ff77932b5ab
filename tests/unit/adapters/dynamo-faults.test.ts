import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../../functions/adapters/config';
import { createDocumentClient, documentClient } from '../../../functions/adapters/dynamo';
import { attachFaultInjection, faultPlanFile, writeFaultPlan, type FaultPlan } from '../../../functions/adapters/dynamo-faults';
import { httpHandler, ok } from '../../../functions/middleware';
import { toProblem } from '../../../functions/middleware/problem';
import { httpEvent, invoke } from '../../support/events';

// In-process handlers of this file read their fault plan from a private file: the shared stack never sees it.
const planFile = join(mkdtempSync(join(tmpdir(), 'faults-test-')), 'plan.json');
process.env.DEV_FAULTS_FILE = planFile;

const endpoint = () => process.env.DYNAMODB_ENDPOINT as string;
const table = () => process.env.TABLE_NAME as string;
const probeKey = { PK: 'HEALTH#PROBE', SK: 'PROBE' };

function faultyClient(plan: FaultPlan | undefined, requestTimeoutMs?: number) {
  return createDocumentClient({ endpoint: endpoint(), faults: () => plan, requestTimeoutMs });
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; attempts?: number; error: unknown }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; $metadata?: { attempts?: number } };
    return { name: e.name, attempts: e.$metadata?.attempts, error };
  }
  throw new Error('expected the call to fail');
}

describe('DynamoDB fault injection (local stage only)', () => {
  test('cannot be attached on review or prod, nor without DynamoDB Local', () => {
    const plan = () => ({ kind: 'throttle' as const });
    const attach = (stage: 'local' | 'review' | 'prod', devRoutes: boolean, ep?: string) => {
      const client = new DynamoDBClient({ region: 'cn-northwest-1' });
      const attached = attachFaultInjection(client, { stage, devRoutes }, ep, { plan });
      return { attached, listed: client.middlewareStack.identify().some((m) => m.startsWith('devFaultInjection')) };
    };
    expect(attach('prod', false, 'http://127.0.0.1:8000')).toEqual({ attached: false, listed: false });
    expect(attach('review', false, 'http://127.0.0.1:8000')).toEqual({ attached: false, listed: false });
    expect(attach('prod', true, 'http://127.0.0.1:8000')).toEqual({ attached: false, listed: false });
    expect(attach('local', true, undefined)).toEqual({ attached: false, listed: false });
    expect(attach('local', true, 'http://127.0.0.1:8000')).toEqual({ attached: true, listed: true });
  });

  test.each([
    ['throttle', 'ThrottlingException'],
    ['server-error', 'InternalServerError'],
  ] as const)('%s is retried a bounded number of times, then maps to a Chinese 503', async (kind, errorName) => {
    const out = await failure(faultyClient({ kind }).send(new GetCommand({ TableName: table(), Key: probeKey })));
    expect(out.name).toBe(errorName);
    expect(out.attempts).toBe(3);
    const problem = toProblem(out.error);
    expect(problem.statusCode).toBe(503);
    expect(JSON.parse(problem.body as string)).toMatchObject({ status: 503, title: '服务繁忙', detail: '系统繁忙，请稍后再试' });
  });

  test('a timeout is the SDK’s own request timeout on a socket that never answers, retried, then a 503', async () => {
    const out = await failure(faultyClient({ kind: 'timeout' }, 150).send(new GetCommand({ TableName: table(), Key: probeKey })));
    expect(out.name).toBe('TimeoutError');
    expect(out.attempts).toBe(3);
    expect(toProblem(out.error).statusCode).toBe(503);
  });

  test('a plan limited to some operations leaves the others alone, and no plan means no fault', async () => {
    const writesFail = faultyClient({ kind: 'server-error', operations: ['PutItem'] });
    await expect(writesFail.send(new GetCommand({ TableName: table(), Key: probeKey }))).resolves.toBeDefined();
    const put = await failure(writesFail.send(new PutCommand({ TableName: table(), Item: { PK: 'FAULTTEST#1', SK: 'X' } })));
    expect(put.name).toBe('InternalServerError');
    const stored = await faultyClient(undefined).send(new GetCommand({ TableName: table(), Key: { PK: 'FAULTTEST#1', SK: 'X' }, ConsistentRead: true }));
    expect(stored.Item).toBeUndefined();
  });

  test('a rate below 1 breaks only that share of calls', async () => {
    let draw = 0;
    const sequence = [0.1, 0.9, 0.9];
    const client = new DynamoDBClient({ region: 'cn-northwest-1', endpoint: endpoint(), credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, maxAttempts: 1 });
    attachFaultInjection(client, { stage: 'local', devRoutes: true }, endpoint(), { plan: () => ({ kind: 'throttle', rate: 0.5 }), random: () => sequence[draw++ % 3] });
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(await client.send(new DescribeTableCommand({ TableName: table() })).then(() => 'ok', (e: Error) => e.name));
    }
    expect(results).toEqual(['ThrottlingException', 'ok', 'ok']);
  });

  test('through the middleware stack, the plan file switches faults on and off without a restart', async () => {
    // The deployment's own client, as the wiring hands it to every adapter.
    const route = httpHandler({ auth: 'public', ports: documentClient }, async ({ ports: db }) => {
      const out = await db.send(new GetCommand({ TableName: config().tableName, Key: probeKey }));
      return ok({ found: Boolean(out.Item) });
    });
    writeFaultPlan(planFile, { kind: 'throttle' });
    const broken = await invoke(route, httpEvent('GET', '/probe'));
    expect(broken.statusCode).toBe(503);
    expect(broken.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(broken.json).toMatchObject({ status: 503, title: '服务繁忙' });
    expect(broken.headers['x-content-type-options']).toBe('nosniff');
    writeFaultPlan(planFile, undefined);
    const healed = await invoke(route, httpEvent('GET', '/probe'));
    expect(healed.statusCode).toBe(200);
  });

  test('the local stand-ins (dev clock, authority key) stay readable, so a fault can always be switched off', async () => {
    const client = faultyClient({ kind: 'server-error' });
    await expect(client.send(new GetCommand({ TableName: table(), Key: { PK: 'DEV#CLOCK', SK: 'faults-test' } }))).resolves.toBeDefined();
    await expect(client.send(new GetCommand({ TableName: table(), Key: { PK: 'AUTHKEY#abc', SK: 'AUTHKEY' } }))).resolves.toBeDefined();
    const other = await failure(client.send(new GetCommand({ TableName: table(), Key: probeKey })));
    expect(other.name).toBe('InternalServerError');
  });

  test('two stacks on the same endpoint but with different secrets never share a plan file', () => {
    const a = faultPlanFile('http://127.0.0.1:8000', { SECRETS_JSON: '{"sessionKey":"a"}' });
    const b = faultPlanFile('http://127.0.0.1:8000', { SECRETS_JSON: '{"sessionKey":"b"}' });
    expect(a).not.toBe(b);
  });
});
