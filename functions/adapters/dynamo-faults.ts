/**
 * DynamoDB fault injection for the local stage only (`npm run reliability`).
 *
 * A middleware on the SDK client's own stack, placed innermost (after the retry middleware and the
 * deserializer), so every injected fault travels the same path a real one does: the SDK's
 * deserializer turns it into a service exception, the standard retry strategy retries it a bounded
 * number of times, and our error boundary answers 503.
 *
 * - `throttle`: an HTTP 400 answer with `__type …#ThrottlingException`, as DynamoDB sends it;
 * - `server-error`: an HTTP 500 answer with `__type …#InternalServerError`;
 * - `timeout`: the request is sent to a local socket that accepts and never answers, so the SDK's
 *   own request timeout fires.
 *
 * The plan lives in a small JSON file keyed by the DynamoDB Local endpoint (every serverless-offline
 * worker of one local stack sees the same plan; another stack does not). `POST /v1/dev/faults`
 * writes it. `attachFaultInjection` refuses to attach unless the stage is `local` and the client
 * talks to a DynamoDB Local endpoint: on review and prod there is nothing to switch on.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { RuntimeConfig } from './config';

export const FAULT_KINDS = ['throttle', 'timeout', 'server-error'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What to break. */
export const faultPlanSchema = z.strictObject({
  kind: z.enum(FAULT_KINDS, { error: '故障类型应为 throttle、timeout 或 server-error' }),
  /** Share of matching calls that fail, 0 < rate ≤ 1 (default 1: every call). */
  rate: z.number({ error: '比例应为0到1之间的数字' }).gt(0, '比例应大于0').max(1, '比例不能大于1').optional(),
  /** Only these DynamoDB operations, e.g. ["PutItem", "TransactWriteItems"] (default: all). */
  operations: z.array(z.string().regex(/^[A-Za-z]{1,40}$/, '操作名称不正确')).max(20, '操作名称过多').optional(),
});
export type FaultPlan = z.infer<typeof faultPlanSchema>;

/**
 * Where the plan of one running stack lives (DEV_FAULTS_FILE overrides): keyed by the DynamoDB Local
 * endpoint and the stack's generated secrets, so a later stack that happens to get the same port
 * never inherits a plan left behind.
 */
export function faultPlanFile(endpoint: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.DEV_FAULTS_FILE) return env.DEV_FAULTS_FILE;
  const id = createHash('sha256').update(`${endpoint}\n${env.SECRETS_JSON ?? ''}`).digest('hex').slice(0, 16);
  return join(tmpdir(), 'lishui-health-code-faults', `${id}.json`);
}

/** Writes (or, with `undefined`, clears) the plan atomically: readers see the old or the new plan, never half. */
export function writeFaultPlan(file: string, plan: FaultPlan | undefined): void {
  if (!plan) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(faultPlanSchema.parse(plan)));
  renameSync(tmp, file);
}

/** Reads the plan file, re-parsing only when it changed (one stat per DynamoDB call, local stage only). */
export function filePlanSource(file: string): () => FaultPlan | undefined {
  let seen = '';
  let plan: FaultPlan | undefined;
  return () => {
    let stamp: string;
    try {
      const st = statSync(file);
      stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      seen = '';
      plan = undefined;
      return undefined;
    }
    if (stamp !== seen) {
      seen = stamp;
      try {
        const parsed = faultPlanSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
        plan = parsed.success ? parsed.data : undefined;
      } catch {
        plan = undefined;
      }
    }
    return plan;
  };
}

let blackHole: Promise<number> | undefined;
const heldSockets = new Set<Socket>();

/** A loopback server that accepts connections and never answers: a real, slow dependency. */
function blackHolePort(): Promise<number> {
  blackHole ??= new Promise((resolve, reject) => {
    const server: Server = createServer((socket) => {
      heldSockets.add(socket);
      socket.unref();
      socket.on('error', () => undefined);
      socket.on('close', () => heldSockets.delete(socket));
    });
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return blackHole;
}

const DYNAMO_ERROR_PREFIX = 'com.amazonaws.dynamodb.v20120810#';

/** The SDK's HTTP request and response shapes (checked structurally by the SDK itself). */
interface HttpRequest {
  hostname: string;
  port?: number;
  headers: Record<string, string>;
}
interface HttpResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: Readable;
}

function errorResponse(statusCode: number, type: string, message: string): HttpResponse {
  const body = Buffer.from(JSON.stringify({ __type: DYNAMO_ERROR_PREFIX + type, message }));
  return {
    statusCode,
    reason: statusCode === 500 ? 'Internal Server Error' : 'Bad Request',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(body.length), 'x-amzn-requestid': 'injected-fault' },
    body: Readable.from([body]),
  };
}

/** The operation name of a DynamoDB JSON request, from its X-Amz-Target header. */
function operationOf(request: HttpRequest | undefined): string {
  const target = request?.headers?.['x-amz-target'] ?? request?.headers?.['X-Amz-Target'] ?? '';
  return target.split('.').pop() ?? '';
}

/**
 * Reads that exist only on the local stage (the dev clock, the static authority key standing in for
 * IAM) are never broken: there is no such call on AWS, and `DELETE /v1/dev/faults` must still work.
 */
function isLocalStandIn(request: HttpRequest | undefined): boolean {
  const raw = (request as { body?: unknown } | undefined)?.body;
  const body = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? new TextDecoder().decode(Uint8Array.prototype.slice.call(raw)) : '';
  return body.includes('"DEV#CLOCK"') || body.includes('"AUTHKEY#');
}

export interface FaultInjectionOptions {
  /** Where the current plan comes from (a file on the local stack; a constant in tests). */
  plan: () => FaultPlan | undefined;
  /** Random source for `rate` (tests pass a fixed one). */
  random?: () => number;
}

/**
 * Adds the fault middleware to a client. Refuses (returns false) unless the stage is `local` and the
 * endpoint is DynamoDB Local, so it cannot be switched on for review or prod.
 */
export function attachFaultInjection(
  client: DynamoDBClient,
  cfg: Pick<RuntimeConfig, 'stage' | 'devRoutes'>,
  endpoint: string | undefined,
  options: FaultInjectionOptions,
): boolean {
  if (cfg.stage !== 'local' || !cfg.devRoutes || !endpoint) return false;
  const random = options.random ?? Math.random;
  client.middlewareStack.add(
    (next) => async (args) => {
      const plan = options.plan();
      if (!plan) return next(args);
      const request = args.request as HttpRequest | undefined;
      if (isLocalStandIn(request)) return next(args);
      const operation = operationOf(request);
      if (plan.operations && !plan.operations.includes(operation)) return next(args);
      if ((plan.rate ?? 1) < 1 && random() >= (plan.rate ?? 1)) return next(args);
      if (plan.kind === 'throttle') {
        return { response: errorResponse(400, 'ThrottlingException', 'Rate of requests exceeds the allowed throughput.'), output: undefined as never };
      }
      if (plan.kind === 'server-error') {
        return { response: errorResponse(500, 'InternalServerError', 'Internal server error'), output: undefined as never };
      }
      // timeout: the real request, sent to a socket that never answers.
      if (request) {
        request.hostname = '127.0.0.1';
        request.port = await blackHolePort();
      }
      return next(args);
    },
    { step: 'deserialize', priority: 'low', name: 'devFaultInjection', tags: ['LOCAL_ONLY'] },
  );
  return true;
}
