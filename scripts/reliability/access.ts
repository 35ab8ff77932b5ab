/**
 * The authorisation matrix: every route of functions/routes.ts against every kind
 * of credential, with the security headers checked on every answer.
 *
 * Expectations, from the route contract (functions/routes.ts, shared/api):
 * - no token, a garbage token, an expired token, a token signed with another key and `alg: none`
 *   get 401 on every route that needs a role;
 * - a valid token of another role gets 403;
 * - the route's own role gets past auth (neither 401 nor 403; with an empty body that is usually
 *   a 400, which proves the check ran after auth);
 * - a public route answers the same with any credential, and nothing answers 5xx.
 */
import { ATTACKS, ROLES, type CredentialKind, type Credentials } from './tokens';
import { fillPath, type RouteInfo } from './catalog';
import type { ApiAnswer, Target } from './target';
import { SEEDS } from './fuzz';

/** A route's valid example body (undefined for a route without a body), so that only ownership or role can refuse it. */
export function validBody(route: RouteInfo, now = new Date()): unknown {
  const seed = SEEDS[route.key];
  if (seed?.body) return seed.body(now);
  return ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined;
}

/** Headers every answer must carry, and what their value must contain. */
export const REQUIRED_HEADERS: Record<string, RegExp> = {
  'x-content-type-options': /^nosniff$/i,
  'strict-transport-security': /max-age=\d+/i,
  'content-security-policy': /frame-ancestors 'none'/i,
  'referrer-policy': /.+/,
  'x-frame-options': /^deny$/i,
};

/** The required headers missing (or wrong) on an answer. */
export function missingSecurityHeaders(answer: ApiAnswer): string[] {
  return Object.entries(REQUIRED_HEADERS)
    .filter(([name, pattern]) => !pattern.test(answer.headers[name] ?? ''))
    .map(([name]) => name);
}

export interface MatrixCell {
  route: string;
  credential: CredentialKind;
  status: number;
  expected: string;
  ok: boolean;
  missingHeaders: string[];
}

export interface MatrixResult {
  cells: MatrixCell[];
  failures: MatrixCell[];
  /** Answers without every security header. */
  headerFailures: MatrixCell[];
}

const CREDENTIALS: CredentialKind[] = [...ATTACKS, 'bad-authority-key', ...ROLES];

/** Values for path placeholders: ids that exist nowhere, or the seeded demo checkpoint. */
export const MATRIX_PARAMS: Record<string, string> = { id: 'matrix-no-such-id', version: '0.0.0-matrix', name: 'no-such-job' };

function expectation(route: RouteInfo, credential: CredentialKind): { text: string; ok: (status: number) => boolean } {
  const below500 = (s: number) => s < 500;
  if (route.access === 'public') return { text: 'not 401/403, < 500', ok: (s) => s !== 401 && s !== 403 && below500(s) };
  if (credential === route.access) return { text: 'past auth: not 401/403, < 500', ok: (s) => s !== 401 && s !== 403 && below500(s) };
  if ((ROLES as string[]).includes(credential)) return { text: '403', ok: (s) => s === 403 };
  return { text: '401', ok: (s) => s === 401 };
}

/**
 * Runs the matrix. `clockScope` keeps the dev-clock routes (if included) on a private scope.
 */
export async function runAccessMatrix(
  target: Target,
  routes: RouteInfo[],
  credentials: Credentials,
  options: { clockScope: string; params?: Record<string, string> } = { clockScope: 'access-matrix' },
): Promise<MatrixResult> {
  const cells: MatrixCell[] = [];
  // Deleting the account ends its token (401 everywhere after), so that route goes last.
  const ordered = [...routes].sort((a, b) => Number(a.key === 'DELETE /v1/resident/account') - Number(b.key === 'DELETE /v1/resident/account'));
  for (const route of ordered) {
    const path = fillPath(route.path, { ...MATRIX_PARAMS, ...options.params });
    const hasBody = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH';
    // The credentials of one route in parallel; routes one after another.
    const probes = CREDENTIALS.filter((credential) => !route.localOnly || credential === 'none').map(async (credential) => {
      const answer = await target({
        method: route.method,
        path,
        headers: { 'x-dev-clock-scope': options.clockScope, ...credentials.headers(credential) },
        body: hasBody ? '{}' : undefined,
      });
      const want = expectation(route, credential);
      return { route: route.key, credential, status: answer.status, expected: want.text, ok: want.ok(answer.status), missingHeaders: missingSecurityHeaders(answer) };
    });
    cells.push(...(await Promise.all(probes)));
  }
  return { cells, failures: cells.filter((c) => !c.ok), headerFailures: cells.filter((c) => c.missingHeaders.length > 0) };
}

/** The matrix as a Markdown table: one row per route, one column per credential, ✓ or the odd status. */
export function matrixTable(result: MatrixResult): string {
  const routes = [...new Set(result.cells.map((c) => c.route))];
  const head = `| route | ${CREDENTIALS.join(' | ')} |\n|---|${CREDENTIALS.map(() => '---').join('|')}|`;
  const rows = routes.map((route) => {
    const cols = CREDENTIALS.map((credential) => {
      const cell = result.cells.find((c) => c.route === route && c.credential === credential);
      if (!cell) return '–';
      return `${cell.ok ? '' : '✗ '}${cell.status}`;
    });
    return `| \`${route}\` | ${cols.join(' | ')} |`;
  });
  return [head, ...rows].join('\n');
}
