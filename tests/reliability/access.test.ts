import { randomUUID } from 'node:crypto';
import { routeCatalog } from '../../scripts/reliability/catalog';
import { mintCredentials } from '../../scripts/reliability/tokens';
import { runAccessMatrix, matrixTable, missingSecurityHeaders, validBody } from '../../scripts/reliability/access';
import { checkLookupRateLimit } from '../../scripts/reliability/probes';
import { httpTarget } from '../../scripts/reliability/target';
import { Journey } from '../../scripts/reliability/journey';
import { syntheticPerson } from '../../scripts/reliability/people';
import { apiUrl } from '../support/http';
import { inProcessTarget } from '../../scripts/reliability/in-process';

const SCOPE = 'reliability-access';

describe('access matrix over every route of functions/routes.ts', () => {
  test('every route lets in only its own role, refuses forged and expired tokens, and answers with security headers', async () => {
    const routes = routeCatalog();
    // The matrix must grow with the registry: at least health, keys and one route of each role.
    expect(routes.map((r) => r.access)).toEqual(expect.arrayContaining(['public', 'inspector', 'authority']));
    const credentials = await mintCredentials(`matrix-${randomUUID().slice(0, 8)}`);
    // In-process: the same middleware stack and handlers, without serverless-offline's cold starts.
    const result = await runAccessMatrix(inProcessTarget(routes), routes, credentials, { clockScope: SCOPE });
    if (result.failures.length) console.log(matrixTable(result));
    expect(result.failures).toEqual([]);
    expect(result.headerFailures).toEqual([]);
    expect(result.cells.length).toBeGreaterThan(routes.length);
  }, 180_000);

  test('the catch-all 404 carries the security headers too', async () => {
    const answer = await httpTarget(apiUrl())({ method: 'GET', path: '/v1/no-such-route' });
    expect(answer.status).toBe(404);
    expect(missingSecurityHeaders(answer)).toEqual([]);
  });

  test('the manual-check lookup by document number is rate-limited with a Chinese 429', async () => {
    const out = await checkLookupRateLimit(inProcessTarget(), `ratelimit-${randomUUID().slice(0, 8)}`, SCOPE);
    expect(out.firstLimitedAfter).toBeGreaterThan(0);
    expect(out.firstLimitedAfter).toBeLessThanOrEqual(out.limit);
    expect(out.problem).toMatchObject({ status: 429, title: '操作过于频繁' });
    expect(out.retryAfter).toBeGreaterThan(0);
    expect(out.retryAfter).toBeLessThanOrEqual(60);
    expect(out.serverErrors).toBe(0);
  }, 120_000);

  test('another account’s dependent is 404 on every dependent route', async () => {
    const run = randomUUID().slice(0, 8);
    const journey = new Journey(inProcessTarget(), SCOPE);
    const owner = await journey.registeredResident(`xacct-a-${run}`, syntheticPerson());
    const stranger = await journey.signIn(`xacct-b-${run}`);
    const depId = await journey.addDependent(owner.token, syntheticPerson());
    const routes = routeCatalog().filter((r) => r.path.startsWith('/v1/resident/dependents/{id}'));
    expect(routes.length).toBeGreaterThanOrEqual(4);
    for (const route of routes) {
      const path = route.path.replace('{id}', depId);
      const asStranger = await journey.send(route.method, path, { token: stranger, body: validBody(route) });
      expect({ route: route.key, status: asStranger.status }).toEqual({ route: route.key, status: 404 });
    }
    // The owner reaches the same dependent (so the 404 above is about ownership, not a bad id).
    expect((await journey.send('GET', `/v1/resident/dependents/${depId}/status`, { token: owner.token })).status).toBe(200);
  }, 120_000);
});
