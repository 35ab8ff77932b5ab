/**
 * A Target that runs the route's own handler in this process (real API Gateway v2 events, real
 * middleware stack), so the fuzz subset of npm test can use a private table and compare snapshots
 * without other test files writing in between.
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { routeCatalog, type RouteInfo } from '../../scripts/reliability/catalog';
import { fingerprint } from '../../scripts/reliability/fuzz';
import type { ApiAnswer, Target } from '../../scripts/reliability/target';
import { httpEvent, invoke } from '../support/events';

type Handler = (event: any, context: any) => Promise<any>;

function matcher(route: RouteInfo): RegExp {
  const pattern = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, '(?<$1>[^/]+)').replace(/\{([^}]+)\}/g, '(?<$1>[^/]+)');
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
    const event = httpEvent(request.method, request.path, {
      body: request.body,
      headers: { ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}), ...request.headers },
      query: request.query,
      pathParameters: match?.params,
    });
    if (match) {
      event.routeKey = match.route.key;
      event.requestContext.routeKey = match.route.key;
    }
    const res = await invoke(handler, event);
    return { status: res.statusCode, headers: res.headers, text: res.body ?? '' };
  };
}

/** Scans the whole (private, small) table into a fingerprint. */
export function tableSnapshot(db: DynamoDBDocumentClient, tableName: string): () => Promise<string> {
  return async () => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
      items.push(...((out.Items ?? []) as Record<string, unknown>[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return fingerprint(items);
  };
}
