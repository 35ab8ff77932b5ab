/**
 * The OpenAPI 3.1 document of the API, generated from what the code already holds:
 * - the routes: functions/routes.ts, through the route catalog the reliability suite walks;
 * - bodies, queries and path parameters: the zod schemas each handler validates with (the handler
 *   carries its spec, functions/middleware), turned into JSON Schema by zod itself;
 * - answers, summaries and examples: scripts/lib/api-operations.ts;
 * - problem types: the domain errors (functions/core/errors.ts) and the generic problems.
 * npm start serves it at /openapi.json with a rendered reference at /docs.
 */
import { readFileSync } from 'node:fs';
import { z, type ZodType } from 'zod';
import { routeCatalog, type RouteInfo } from '../reliability/catalog';
import { operations, type Operation } from './api-operations';
import * as errors from '../../functions/core/errors';
import { GENERIC_PROBLEMS } from '../../functions/middleware/problem';
import type { RouteSpec } from '../../functions/middleware';
import { problem } from '../../shared/api/errors';

type Json = Record<string, unknown>;

/** JSON Schema of what a client sends (transforms and refinements are the server's business). */
export function jsonSchema(schema: ZodType): Json {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
}

/** The spec a route's handler validates with, read from the handler module itself. */
export async function handlerSpec(route: RouteInfo): Promise<RouteSpec<unknown, unknown, unknown>> {
  const dot = route.handler.lastIndexOf('.');
  const file = route.handler.slice(0, dot);
  const name = route.handler.slice(dot + 1);
  const mod = (await import(new URL(`../../${file}.ts`, import.meta.url).href)) as Record<string, { routeSpec?: RouteSpec<unknown, unknown, unknown> }>;
  const spec = mod[name]?.routeSpec;
  if (!spec) throw new Error(`${route.key}: ${route.handler} is not an httpHandler (no route spec to document)`);
  return spec;
}

/** Every problem type the API answers with: the domain errors, then the generic ones. */
export function problemTypes(): Array<{ type: string; status: number; title: string }> {
  const seen = new Map<string, { type: string; status: number; title: string }>();
  for (const value of Object.values(errors)) {
    if (typeof value !== 'function' || !(value.prototype instanceof errors.AppError)) continue;
    const e = new (value as new (detail: string, allow: string[]) => errors.AppError)('', []);
    seen.set(`${e.type} ${e.status}`, { type: e.type, status: e.status, title: e.title });
  }
  for (const p of Object.values(GENERIC_PROBLEMS)) if (!seen.has(`${p.type} ${p.status}`)) seen.set(`${p.type} ${p.status}`, { type: p.type, status: p.status, title: p.title });
  return [...seen.values()].sort((a, b) => a.status - b.status || a.type.localeCompare(b.type));
}

const STATUS_TEXT: Record<number, string> = {
  400: '请求内容有误 · invalid input (field errors in `errors`)',
  401: '请先登录 · missing or invalid token / key',
  403: '没有权限 · a token of another role',
  404: '未找到 · no such thing (or not yours: answers never reveal whether a stranger is registered)',
  405: '请求方法不支持 · wrong method; `Allow` lists the right ones',
  409: '操作冲突 · conflicts with the current state',
  413: '请求内容过大 · body over the route’s limit',
  415: '请求格式不支持 · body is not application/json',
  422: '暂时无法办理 · refused by a rule (e.g. real-name certification first)',
  429: '操作过于频繁 · rate limited',
  500: '服务器开小差了 · unexpected error (logged, nothing leaked)',
  503: '服务繁忙 (`…/unavailable`, try later) or 功能未开通 (`…/not-configured`, needs set-up)',
};

function problemResponses(statuses: number[]): Json {
  const byStatus = problemTypes();
  return Object.fromEntries(
    statuses.map((status) => {
      const example = byStatus.find((p) => p.status === status);
      return [
        String(status),
        {
          description: STATUS_TEXT[status] ?? 'problem',
          ...(status === 405 ? { headers: { Allow: { schema: { type: 'string' }, description: '此路径支持的方法 · methods this path takes' } } } : {}),
          content: {
            'application/problem+json': {
              schema: { $ref: '#/components/schemas/Problem' },
              ...(example ? { example: { type: example.type, title: example.title, status, detail: example.title } } : {}),
            },
          },
        },
      ];
    }),
  );
}

const SECURITY: Record<RouteInfo['access'], Json[] | undefined> = {
  public: [],
  resident: [{ residentToken: [] }],
  inspector: [{ inspectorToken: [] }],
  official: [{ officialToken: [] }],
  authority: [{ authorityKey: [] }, { awsSigV4: [] }],
};

function parameters(where: 'path' | 'query', schema: ZodType | undefined, template: string): Json[] {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {})
    .filter(([name]) => where === 'query' || template.includes(`{${name}}`))
    .map(([name, property]) => ({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property }));
}

function pathOnlyParameters(template: string, given: Json[]): Json[] {
  const named = new Set(given.map((p) => p.name));
  const missing = [...template.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!).filter((name) => !named.has(name));
  return [...given, ...missing.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }))];
}

function operationObject(route: RouteInfo, spec: RouteSpec<unknown, unknown, unknown>, op: Operation): Json {
  const body = op.body ?? spec.body;
  const statuses = new Set<number>([500, 503]);
  if (body || spec.query || spec.path) statuses.add(400);
  if (body) [413, 415].forEach((s) => statuses.add(s));
  if (route.access !== 'public') [401, 403].forEach((s) => statuses.add(s));
  if (route.path.includes('{')) statuses.add(404);
  for (const s of op.errors ?? []) statuses.add(s);
  const success: Json = op.success.schema
    ? { description: `${op.zh} · ${op.en}`, content: { 'application/json': { schema: jsonSchema(op.success.schema), ...(op.response !== undefined ? { example: op.response } : {}) } } }
    : { description: `${op.zh} · ${op.en}` };
  const tag = route.localOnly ? 'dev' : route.path.split('/')[2] === 'resident' || route.path.split('/')[2] === 'inspector' || route.path.split('/')[2] === 'authority' ? route.path.split('/')[2] : 'public';
  return {
    operationId: route.fn + (route.method === 'GET' ? '' : route.method[0] + route.method.slice(1).toLowerCase()) + route.path.replace(/[^A-Za-z0-9]+/g, '_'),
    summary: `${op.zh} · ${op.en}`,
    description: [op.notes, route.localOnly ? '仅本地开发环境（npm start）提供 · Local stage only: not deployed to review or prod.' : undefined, `最大请求体 · body limit: ${Math.floor((spec.maxBodyBytes ?? 64 * 1024) / 1024)} KB`]
      .filter(Boolean)
      .join('\n\n'),
    tags: [tag],
    security: SECURITY[route.access],
    ...(route.localOnly ? { 'x-local-only': true } : {}),
    parameters: pathOnlyParameters(route.path, parameters('path', spec.path, route.path)).concat(parameters('query', spec.query, route.path)),
    ...(body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(body), ...(op.request !== undefined ? { example: op.request } : {}) } } } }
      : {}),
    responses: { [String(op.success.status)]: success, ...problemResponses([...statuses].sort()) },
  };
}

export interface BuiltDocument {
  document: Json;
  /** Routes of the registry without an entry in api-operations.ts (the OpenAPI test fails on any). */
  undocumented: string[];
}

/** Builds the document for the local stage's routes (deployed ones and the dev routes, marked). */
export async function buildOpenApi(): Promise<BuiltDocument> {
  const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const paths: Record<string, Json> = {};
  const undocumented: string[] = [];
  for (const route of routeCatalog()) {
    const op = operations[route.key];
    if (!op) {
      undocumented.push(route.key);
      continue;
    }
    const spec = await handlerSpec(route);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationObject(route, spec, op);
  }
  const types = problemTypes();
  const document = {
    openapi: '3.1.0',
    info: {
      title: '丽水健康码 API · Lishui health code API',
      version,
      description: [
        '居民（支付宝小程序）、检查员（钉钉小程序）与卫健部门的接口。所有错误均为 application/problem+json，`type` 为本项目的问题类型地址，`title`、`detail` 为中文。',
        'Residents (Alipay mini-program), inspectors (DingTalk mini-program) and health officials. Every error is application/problem+json with one of the project’s problem types below, Chinese title and detail.',
        '',
        '| status | type | title |',
        '|---|---|---|',
        ...types.map((t) => `| ${t.status} | \`${t.type}\` | ${t.title} |`),
        '',
        '本地（npm start）另有 `/v1/dev/*` 接口：开发时钟、立即运行定时任务、故障注入 · The local stage adds `/v1/dev/*` routes (tag `dev`).',
      ].join('\n'),
    },
    servers: [{ url: '/', description: '本服务 · this server' }],
    tags: [
      { name: 'public', description: '无需登录 · no sign-in' },
      { name: 'resident', description: '居民 · residents (Bearer token from POST /v1/resident/sessions)' },
      { name: 'inspector', description: '检查员 · inspectors (Bearer token from POST /v1/inspector/sessions)' },
      { name: 'authority', description: '卫健部门 · health officials (AWS IAM SigV4; on local the header x-authority-key)' },
      { name: 'dev', description: '仅本地 · local stage only' },
    ],
    paths,
    components: {
      schemas: { Problem: { ...jsonSchema(problem), properties: { ...(jsonSchema(problem).properties as Json), type: { type: 'string', enum: [...new Set(types.map((t) => t.type))] } } } },
      securitySchemes: {
        residentToken: { type: 'http', scheme: 'bearer', description: '居民会话令牌 · resident session token' },
        officialToken: { type: 'http', scheme: 'bearer', description: '工作人员（后台）会话令牌 · official (console) session token' },
        inspectorToken: { type: 'http', scheme: 'bearer', description: '检查员会话令牌 · inspector session token' },
        authorityKey: { type: 'apiKey', in: 'header', name: 'x-authority-key', description: '仅本地：预置的机构密钥 · local stage only: the seeded authority key' },
        awsSigV4: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'AWS IAM（SigV4 签名）· AWS IAM, SigV4-signed requests (review, prod)' },
      },
    },
  };
  return { document, undocumented };
}
