import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createHash } from 'node:crypto';
import type { ZodType } from 'zod';
import { config } from '../adapters/config';
import { clockScope, systemClock, type Clock } from '../adapters/clock';
import { logger } from '../adapters/logger';
import { verifySession, type OfficialRole, type Role, type Session } from '../adapters/sessions';
import { DependencyUnavailableError, ForbiddenError, PayloadTooLargeError, UnauthenticatedError, ValidationError, type FieldProblem } from '../core/errors';
import { requestPorts } from '../wiring/request';
import { GENERIC_PROBLEMS, toProblem, type HttpResponse } from './problem';

export type { HttpResponse } from './problem';

/** Who may call a route. */
export type Access = Role | 'public';

export interface RouteSpec<B, Q, P> {
  /** Role required; 'public' needs no token. */
  auth: Access;
  body?: ZodType<B>;
  query?: ZodType<Q>;
  path?: ZodType<P>;
  /** Largest accepted body in bytes (default 64 KiB); larger bodies get a 413. */
  maxBodyBytes?: number;
  /** Console routes (`auth: 'official'`): the registry role the official must hold, else 403. */
  officialRole?: OfficialRole;
  /** The catch-all route: answers whatever came, so a body neither is refused nor parsed. */
  ignoreBody?: boolean;
  /**
   * The route answers while the table is unreachable (health): a dev-clock read that fails falls
   * back to system time instead of failing the request.
   */
  tableOptional?: boolean;
  /** A dev route: on any stage but local it answers 403 before reading anything (the one local-only guard). */
  localOnly?: boolean;
  /**
   * The area's ports, from functions/wiring (e.g. `residentPorts`): built once per Lambda instance,
   * resolved after auth and validation, and handed to the handler as `ctx.ports`.
   */
  ports?: () => unknown;
}

/** Deepest JSON nesting a body may have: no request schema needs more than a handful of levels. */
export const MAX_JSON_DEPTH = 32;

/** Everything a route handler gets: typed, validated input and its ports. */
export interface RequestContext<B, Q, P, T = undefined> {
  body: B;
  query: Q;
  path: P;
  headers: Record<string, string | undefined>;
  session: Session | undefined;
  /** The session, asserted present (routes that require a role). */
  principal: Session;
  clock: Clock;
  now: Date;
  /** What the route's `ports` option built (undefined without one). */
  ports: T;
  requestId: string;
  idempotencyKey?: string;
  event: APIGatewayProxyEventV2;
}

export type RouteHandler<B, Q, P, T = undefined> = (ctx: RequestContext<B, Q, P, T>) => Promise<HttpResponse>;

type Event = APIGatewayProxyEventV2 & { rawBody?: string };
interface Internal {
  [key: string]: unknown;
  startedAt: number;
  session?: Session;
  clock: Clock;
  parsed: { body: unknown; query: unknown; path: unknown };
}
type Mw = MiddlewareObj<Event, HttpResponse, Error, Context, Internal>;
type Request = middy.Request<Event, HttpResponse, Error, Context, Internal>;

/** JSON response helper. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

export const ok = (body: unknown, headers?: Record<string, string>) => json(200, body, headers);
export const created = (body: unknown) => json(201, body);
export const accepted = (body: unknown) => json(202, body);
export const noContent = (): HttpResponse => ({ statusCode: 204, headers: { 'cache-control': 'no-store' } });

function issuesToProblems(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix: string): FieldProblem[] {
  return issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/**
 * Turns a body that is not a string back into JSON text. API Gateway always hands the raw text;
 * serverless-offline parses a JSON body itself and passes some values on parsed (a bare `false`,
 * `0`): re-serialised, they meet the same parser, size limit and schema as any other body. A value
 * JSON cannot carry is an invalid body (400), never a crash.
 */
function bodyText(body: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch {
    text = undefined;
  }
  if (typeof text !== 'string') throw new ValidationError('请求内容不是有效的 JSON');
  return text;
}

/** Nesting depth of JSON text, counted without parsing (brackets inside strings do not count). */
export function jsonTextDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Nesting depth of an already parsed value, without recursion (a 30,000-deep array must not overflow the stack). */
export function valueDepth(value: unknown, limit = Infinity): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const level = d + 1;
    if (level > deepest) deepest = level;
    if (deepest > limit) return deepest;
    for (const child of Object.values(v as object)) stack.push([child, level]);
  }
  return deepest;
}

function tooDeep(): ValidationError {
  return new ValidationError(GENERIC_PROBLEMS.tooDeep.detail, [{ path: 'body', message: `嵌套层级过深（最多${MAX_JSON_DEPTH}层）` }]);
}

/**
 * Rejects, before parsing: oversized bodies (413), bodies nested deeper than any schema needs (400:
 * they would only exhaust the parser's stack), and bodies on routes that take none.
 */
function bodyGuard(maxBytes: number, expectsBody: boolean): MiddlewareObj<Event, HttpResponse> {
  return {
    before: (request) => {
      const raw: unknown = request.event.body;
      if (raw === undefined || raw === null || raw === '') return;
      if (typeof raw !== 'string') {
        if (valueDepth(raw, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw tooDeep();
        request.event.body = bodyText(raw);
        request.event.isBase64Encoded = false;
      }
      const body = request.event.body as string;
      const size = request.event.isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body);
      if (size > maxBytes) throw new PayloadTooLargeError(`请求内容过大（上限${Math.floor(maxBytes / 1024)} KB）`);
      if (!expectsBody) throw new ValidationError('此接口不接受请求内容');
      if (!request.event.isBase64Encoded && jsonTextDepth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw tooDeep();
    },
  };
}

/**
 * Resolves the clock: the settable dev clock on the local stage, system time elsewhere. The dev clock
 * lives in the table, so a table outage fails this read: health goes on with system time (it reports
 * the outage itself), every other route answers the same Chinese 503 as any other failed table call.
 */
function clockMiddleware(tableOptional: boolean): MiddlewareObj<Event, HttpResponse, Error, Context, Internal> {
  return {
    before: async (request) => {
      const cfg = config();
      const internal = request.internal as Internal;
      if (!cfg.devRoutes) {
        internal.clock = systemClock;
        return;
      }
      try {
        internal.clock = await requestPorts().devClock(clockScope(request.event.headers?.['x-dev-clock-scope']));
      } catch (err) {
        if (!tableOptional) throw new DependencyUnavailableError('系统繁忙，请稍后再试', undefined, { cause: err });
        internal.clock = systemClock;
      }
    },
  };
}

async function authorityFromKey(keyValue: string): Promise<Session | undefined> {
  const cfg = config();
  if (!cfg.devRoutes) return undefined;
  const principal = await requestPorts().sessions.authorityOfKey(createHash('sha256').update(keyValue).digest('hex'));
  return principal === undefined ? undefined : { sub: principal, role: 'authority', principal };
}

/**
 * A resident token is only as good as its account: a deleted (注销) account's token is 401 on every
 * route, history included. One consistent read, which also gives the holder of the account's own code.
 */
async function liveResidentHolder(accountId: string): Promise<string> {
  const holderId = await requestPorts().sessions.holderOfAccount(accountId);
  if (holderId === undefined) throw new UnauthenticatedError('账号已注销或登录已失效，请重新登录');
  return holderId;
}

/** Dev routes exist on the local stage only (functions/routes.ts); deployed elsewhere by mistake, they still refuse. */
function localOnlyGuard(): MiddlewareObj<Event, HttpResponse> {
  return {
    before: () => {
      if (!config().devRoutes) throw new ForbiddenError('此功能仅用于本地开发环境');
    },
  };
}

/**
 * Session auth by role. A missing or bad token is 401; a valid token of another role is 403.
 * Authority callers are IAM principals on AWS (never on local), or holders of a seeded key on the local stage (only).
 */
function authMiddleware(access: Access, officialRole?: OfficialRole): MiddlewareObj<Event, HttpResponse, Error, Context, Internal> {
  return {
    before: async (request) => {
      if (access === 'public') return;
      const internal = request.internal as Internal;
      const headers = request.event.headers ?? {};
      if (access === 'authority') {
        // The IAM principal is trusted only where API Gateway itself sets it. serverless-offline turns a
        // client's `sls-offline-authorizer-override` header into the same field, so locally the key alone counts.
        const local = config().devRoutes;
        const iam = local ? undefined : (request.event.requestContext as { authorizer?: { iam?: { userArn?: string } } }).authorizer?.iam;
        if (iam?.userArn) {
          internal.session = { sub: iam.userArn, role: 'authority', principal: iam.userArn };
          return;
        }
        const key = headers['x-authority-key'];
        if (key) {
          const session = await authorityFromKey(key);
          if (!session) throw new UnauthenticatedError('机构密钥无效');
          internal.session = session;
          return;
        }
      }
      const authorization = headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) throw new UnauthenticatedError('请先登录');
      const session = await verifySession(match[1], internal.clock.now());
      if (session.role !== access) throw new ForbiddenError('您的账号无权使用此功能');
      if (officialRole && !session.officialRoles?.includes(officialRole)) throw new ForbiddenError('您没有此项操作的权限，请联系管理员');
      if (session.role === 'resident') session.holderId = await liveResidentHolder(session.sub);
      // A department mapping removed in the console takes its checkpoint off tokens issued before.
      if (session.role === 'inspector' && session.checkpoints?.length) {
        session.checkpoints = await requestPorts().sessions.liveCheckpoints(session.checkpoints, session.issuedAt);
      }
      internal.session = session;
    },
  };
}

/** zod validation of body, query and path; the handler gets the parsed values. */
function validationMiddleware<B, Q, P>(spec: RouteSpec<B, Q, P>): MiddlewareObj<Event, HttpResponse, Error, Context, Internal> {
  return {
    before: (request) => {
      const event = request.event;
      const problems: FieldProblem[] = [];
      const parse = (schema: ZodType | undefined, value: unknown, where: string): unknown => {
        if (!schema) return value;
        const result = schema.safeParse(value);
        if (result.success) return result.data;
        problems.push(...issuesToProblems(result.error.issues, where));
        return undefined;
      };
      if (spec.body && (event.body === undefined || event.body === null)) {
        throw new ValidationError('缺少请求内容', [{ path: 'body', message: '请提交 JSON 格式的请求内容' }]);
      }
      const parsed = {
        body: parse(spec.body, event.body, ''),
        query: parse(spec.query, event.queryStringParameters ?? {}, 'query'),
        path: parse(spec.path, event.pathParameters ?? {}, 'path'),
      };
      if (problems.length) throw new ValidationError(problems[0].message, problems);
      (request.internal as Internal).parsed = parsed;
    },
  };
}

/** Structured access log: route, status, duration, role. Never bodies, never personal data. */
function loggingMiddleware(): MiddlewareObj<Event, HttpResponse, Error, Context, Internal> {
  const finish = (request: Request, status: number) => {
    const internal = request.internal as Internal;
    logger.info('request', {
      requestId: request.context?.awsRequestId ?? request.event.requestContext?.requestId,
      route: request.event.routeKey ?? `${request.event.requestContext?.http?.method} ${request.event.rawPath}`,
      status,
      durationMs: Date.now() - (internal.startedAt ?? Date.now()),
      role: internal.session?.role,
    });
  };
  return {
    before: (request) => {
      (request.internal as Internal).startedAt = Date.now();
    },
    after: (request) => finish(request as Request, request.response?.statusCode ?? 200),
    onError: (request) => {
      const error = request.error;
      const response = toProblem(error);
      if (response.statusCode >= 500) {
        logger.error('request failed', {
          requestId: request.context?.awsRequestId,
          errorName: (error as Error | undefined)?.name,
          // Messages of unexpected errors may quote input; log only the name and the stack frames.
          stack: (error as Error | undefined)?.stack?.split('\n').slice(1, 6).join('\n'),
        });
      }
      request.response = response;
      finish(request as Request, response.statusCode);
    },
  };
}

/** Adds the security headers to every response, errors included. */
function securityHeaders() {
  return httpSecurityHeaders({ contentSecurityPolicy: { 'default-src': "'none'", 'frame-ancestors': "'none'" } } as never);
}

/**
 * Wraps a route handler in the one middleware stack:
 * header normaliser → local-only guard → body size guard → JSON body parser → clock → auth → zod
 * validation → the route's ports → handler, with security headers on every response and
 * problem+json for every error.
 *
 * @example
 * export const handler = httpHandler({ auth: 'resident', body: checkinRequest, ports: residentPorts }, async (ctx) =>
 *   created(await checkIn(ctx.ports, ctx.principal.sub, ctx.body, ctx.now)));
 */
export function httpHandler<
  B = undefined,
  Q = Record<string, string | undefined>,
  P = Record<string, string | undefined>,
  F extends () => unknown = () => undefined,
>(
  spec: RouteSpec<B, Q, P> & { ports?: F },
  handle: RouteHandler<B, Q, P, Awaited<ReturnType<F>>>,
) {
  const expectsBody = Boolean(spec.body);
  const core = async (event: Event, context: Context, { signal: _signal }: { signal: AbortSignal }): Promise<HttpResponse> => {
    void _signal;
    const internal = (event as unknown as { __internal: Internal }).__internal;
    const session = internal.session;
    const now = internal.clock.now();
    const ports = (spec.ports ? await spec.ports() : undefined) as Awaited<ReturnType<F>>;
    return handle({
      body: internal.parsed.body as B,
      query: internal.parsed.query as Q,
      path: internal.parsed.path as P,
      headers: (event.headers ?? {}) as Record<string, string | undefined>,
      session,
      get principal(): Session {
        if (!session) throw new UnauthenticatedError('请先登录');
        return session;
      },
      clock: internal.clock,
      now,
      ports,
      requestId: context?.awsRequestId ?? event.requestContext?.requestId ?? 'local',
      idempotencyKey: event.headers?.['idempotency-key'],
      event,
    });
  };
  // middy keeps `request.internal` for middlewares; the handler reaches it through a hidden field.
  const exposeInternal: MiddlewareObj<Event, HttpResponse, Error, Context, Internal> = {
    before: (request) => {
      Object.defineProperty(request.event, '__internal', { value: request.internal, enumerable: false, configurable: true });
    },
  };
  const wrapped = middy<Event, HttpResponse, Error, Context, Internal>()
    // Registered first so that its `after`/`onError` run last, over the problem response too.
    .use(securityHeaders() as unknown as Mw)
    .use(loggingMiddleware())
    .use(httpHeaderNormalizer() as unknown as Mw)
    .use((spec.localOnly ? localOnlyGuard() : { before: () => undefined }) as unknown as Mw)
    .use((spec.ignoreBody ? { before: () => undefined } : bodyGuard(spec.maxBodyBytes ?? 64 * 1024, expectsBody)) as unknown as Mw)
    .use((expectsBody ? httpJsonBodyParser() : { before: () => undefined }) as unknown as Mw)
    .use(clockMiddleware(spec.tableOptional ?? false))
    .use(authMiddleware(spec.auth, spec.officialRole))
    .use(validationMiddleware(spec))
    .use(exposeInternal)
    .handler(core as never);
  // The spec rides on the handler, so the OpenAPI document describes exactly what is validated.
  return Object.assign(wrapped, { routeSpec: spec as RouteSpec<unknown, unknown, unknown> });
}
