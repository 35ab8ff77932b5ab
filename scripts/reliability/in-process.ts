/**
 * A Target that runs the route's own handler in this process, with API Gateway v2 events as AWS
 * delivers them (the body always a string) and the real middleware stack. The npm test subset uses
 * it with a private table; the runner replays every 5xx that serverless-offline gave, to tell the
 * emulator's faults from ours.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { httpEvent, lambdaContext } from '../lib/lambda-events';
import { scanAll } from './audit';
import { routeCatalog, type RouteInfo } from './catalog';
import { fingerprint } from './fuzz';
import type { ApiAnswer, Target } from './target';

type Handler = (event: any, context: any) => Promise<any>;

function matcher(route: RouteInfo): RegExp {
  const pattern = route.path
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    // A greedy `{name+}` (API Gateway's proxy parameter) spans slashes.
    .replace(/\{([^}\\]+)\\\+\}/g, '(?<$1>.+)')
    .replace(/\\?\{([^}]+)\\?\}/g, '(?<$1>[^/]+)').replace(/\{([^}]+)\}/g, '(?<$1>[^/]+)');
  return new RegExp(`^${pattern}$`);
}

async function load(handlerRef: string): Promise<Handler> {
  const dot = handlerRef.lastIndexOf('.');
  const mod = (await import(`../../${handlerRef.slice(0, dot)}`)) as Record<string, Handler>;
  return mod[handlerRef.slice(dot + 1)];
}

export function inProcessTarget(routes: RouteInfo[] = routeCatalog()): Target {
  const compiled = routes.map((route) => ({ route, re: matcher(route) }));
  return async (request): Promise<ApiAnswer> => {
    let match: { route: RouteInfo; params: Record<string, string> } | undefined;
    for (const { route, re } of compiled) {
      const m = route.method === request.method ? re.exec(request.path) : null;
      if (m) {
        const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
        match = { route, params };
        break;
      }
    }
    const handler = await load(match ? match.route.handler : 'functions/http/not-found/handler.handler');
    const routeKey = match ? match.route.key : `${request.method} ${request.path}`;
    // The body as API Gateway delivers it: always the raw string (httpEvent adds the JSON content type when none is given).
    const event = httpEvent(request.method, request.path, { body: request.body, headers: request.headers, query: request.query, pathParameters: match?.params, routeKey });
    const res = await handler(event, lambdaContext());
    const headers = Object.fromEntries(Object.entries((res.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), String(v)]));
    return { status: res.statusCode, headers, text: res.body ?? '' };
  };
}

/** Scans the whole (private, small) table into a fingerprint. */
export function tableSnapshot(db: DynamoDBDocumentClient, tableName: string): () => Promise<string> {
  return async () => fingerprint(await scanAll(db, tableName));
}
