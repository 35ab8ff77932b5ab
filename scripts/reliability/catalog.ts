/**
 * The routes under test, read from the one registry serverless.ts deploys (functions/routes.ts), so a
 * route a colleague adds is walked by the access matrix, the fuzzer and the header check without
 * anyone editing this file. The role each route needs comes from the route contract (functions/routes.ts and shared/api), not
 * from the handler: the matrix checks the code against the contract.
 */
import { functions, localOnlyFunctions } from '../../functions/routes';

export type Role = 'resident' | 'inspector' | 'authority' | 'official';
export type Access = Role | 'public';

export interface RouteInfo {
  /** The function's name in routes.ts. */
  fn: string;
  method: string;
  /** The path template, e.g. `/v1/resident/dependents/{id}/status`. */
  path: string;
  /** `functions/http/<route>/handler.<export>` */
  handler: string;
  localOnly: boolean;
  /** Who may call it, per the route contract. */
  access: Access;
  /** `METHOD /path`, the route key. */
  key: string;
}

type Slice = { handler: string; events?: Array<{ httpApi?: { method: string; path: string } | '*' }> };

/** The role a route needs according to the route contract: sign-in routes, health, keys and dev routes are public. */
export function contractAccess(method: string, path: string): Access {
  if (method === 'POST' && /^\/v1\/(resident|inspector|console)\/sessions$/.test(path)) return 'public';
  if (path.startsWith('/v1/console/')) return 'official';
  if (path.startsWith('/v1/resident/')) return 'resident';
  if (path.startsWith('/v1/inspector/')) return 'inspector';
  if (path.startsWith('/v1/authority/')) return 'authority';
  return 'public';
}

function collect(slices: Record<string, Slice>, localOnly: boolean): RouteInfo[] {
  const out: RouteInfo[] = [];
  for (const [fn, slice] of Object.entries(slices)) {
    for (const event of slice.events ?? []) {
      const api = event.httpApi;
      if (!api || api === '*') continue;
      const method = api.method.toUpperCase();
      out.push({ fn, method, path: api.path, handler: slice.handler, localOnly, access: contractAccess(method, api.path), key: `${method} ${api.path}` });
    }
  }
  return out;
}

/** Every HTTP route with a method and a path (the catch-all 404 is left out: it has neither). */
export function routeCatalog(): RouteInfo[] {
  return [...collect(functions as Record<string, Slice>, false), ...collect(localOnlyFunctions as Record<string, Slice>, true)].sort((a, b) =>
    a.key.localeCompare(b.key),
  );
}

/** A lone UTF-16 surrogate (fast-check makes them): a URL carries UTF-8 bytes, so none can reach the server. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Fills `{param}` placeholders; a lone surrogate is sent as U+FFFD, as a browser would. */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => encodeURIComponent((params[name] ?? `x-${name}`).replace(LONE_SURROGATE, '\uFFFD')));
}
