/**
 * The catch-all tells a wrong address (404) from a wrong method (405 with Allow). It learns the
 * stage's routes from an environment variable that serverless.ts fills from functions/routes.ts:
 * importing the registry here would put the local-only routes into every stage's bundle.
 */
export const ROUTES_ENV = 'HTTP_ROUTES';

type Slice = { events?: Array<{ httpApi?: { method: string; path: string } | '*' }> };

/** `GET /v1/health,POST /v1/resident/sessions,…` for the given functions. */
export function encodeRoutes(slices: Record<string, Slice>): string {
  return Object.values(slices)
    .flatMap((slice) => slice.events ?? [])
    .flatMap((event) => (event.httpApi && event.httpApi !== '*' ? [`${event.httpApi.method.toUpperCase()} ${event.httpApi.path}`] : []))
    .join(',');
}

function pathPattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? (part.endsWith('+}') ? '.+' : '[^/]+') : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}

/** The methods the routes take at this path (empty: no such path). */
export function allowedMethods(encoded: string, path: string): string[] {
  const methods = new Set<string>();
  for (const entry of encoded.split(',')) {
    const [method, template] = entry.split(' ');
    if (method && template && pathPattern(template).test(path)) methods.add(method);
  }
  return [...methods].sort();
}
