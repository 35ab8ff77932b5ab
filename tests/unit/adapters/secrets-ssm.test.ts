import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { httpEvent, lambdaContext } from '../../support/events';

/**
 * The AWS path of the secrets: SSM's JSON protocol answered by a loopback fake. Until
 * `npm run secrets` writes the parameter, a function answers a Chinese 503, never a 500.
 */
let server: Server;
let answer: { status: number; body: unknown };
const targets: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    targets.push(String(req.headers['x-amz-target']));
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SSM: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'cn-northwest-1',
    SECRETS_PARAMETER: '/lishui-health-code/prod/secrets',
  });
  delete process.env.SECRETS_JSON;
});

afterAll(() => new Promise<void>((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
}));

// Before any good parameter: a loaded one is kept for the instance's life.
test('a malformed parameter is a 503 too, never a 500', async () => {
  const { secrets, SecretsUnavailableError } = await import('../../../functions/adapters/secrets');
  answer = { status: 200, body: { Parameter: { Name: 'x', Type: 'SecureString', Value: '{"sessionKey":"only"}', Version: 1 } } };
  await expect(secrets({ SECRETS_PARAMETER: '/other' })).rejects.toBeInstanceOf(SecretsUnavailableError);
});

// Every HTTP function of the prod stage but health and the catch-all (which need no secrets), with a
// bearer token so that the session check itself must read the secrets. Before the first good parameter.
test('no parameter yet: every function that needs the secrets answers a Chinese 503, never a 500', async () => {
  answer = { status: 400, body: { __type: 'ParameterNotFound', message: 'Parameter not found' } };
  const { functions, awsOnlyFunctions } = await import('../../../functions/routes');
  const routes = Object.entries({ ...functions, ...awsOnlyFunctions } as Record<string, { handler: string; events?: Array<{ httpApi?: unknown }> }>)
    .filter(([name]) => name !== 'health' && name !== 'notFound')
    .flatMap(([name, fn]) => (fn.events ?? []).flatMap((e) => (e.httpApi && typeof e.httpApi === 'object' ? [{ name, handler: fn.handler, ...(e.httpApi as { method: string; path: string }) }] : [])));
  expect(routes.length).toBeGreaterThan(30);
  const answers: Array<{ name: string; status: number; chinese: boolean }> = [];
  for (const r of routes) {
    const file = r.handler.slice(0, r.handler.lastIndexOf('.'));
    const mod = (await import(`../../../${file}`)) as Record<string, (e: unknown, c: unknown) => Promise<{ statusCode?: number; body?: string }>>;
    const path = r.path.replace(/\{(\w+)\}/g, 'x1');
    const params = Object.fromEntries([...r.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, 'x1']));
    const event = httpEvent(r.method, path, { headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln' }, pathParameters: params, ...(r.method === 'GET' ? {} : { body: {} }) });
    const res = await mod[r.handler.slice(r.handler.lastIndexOf('.') + 1)]!(event, lambdaContext());
    answers.push({ name: `${r.method} ${r.path}`, status: res.statusCode ?? 0, chinese: /[\u4e00-\u9fff]/.test(JSON.parse(res.body ?? '{}').detail ?? '') });
  }
  // Not ready is a 503 in Chinese; a request refused before the secrets are needed is a 4xx, never a 5xx.
  expect(answers.filter((a) => !(a.status === 503 && a.chinese) && !(a.status >= 400 && a.status < 500))).toEqual([]);
  expect(answers.filter((a) => a.status === 503).length).toBeGreaterThan(routes.length / 2);
}, 120_000);

test('no parameter yet: GET /v1/keys is a Chinese 503 problem, and a later parameter is read', async () => {
  answer = { status: 400, body: { __type: 'ParameterNotFound', message: 'Parameter not found' } };
  const { handler } = await import('../../../functions/http/keys/handler');
  const res = await handler(httpEvent('GET', '/v1/keys'), lambdaContext());
  expect(res.statusCode).toBe(503);
  expect(res.headers?.['content-type']).toMatch(/problem\+json/);
  const body = JSON.parse(res.body ?? '{}');
  expect(body.detail).toMatch(/[\u4e00-\u9fff]/);
  expect(targets).toContain('AmazonSSM.GetParameter');

  // Written by `npm run secrets` (here with a plain field key, so no KMS call): the next request works.
  const key = () => randomBytes(32).toString('base64url');
  const value = { sessionKey: key(), codeKeySeed: key(), fieldKey: key(), lookupKey: key(), holderRefKey: key() };
  answer = { status: 200, body: { Parameter: { Name: '/lishui-health-code/prod/secrets', Type: 'SecureString', Value: JSON.stringify(value), Version: 1 } } };
  const again = await handler(httpEvent('GET', '/v1/keys'), lambdaContext());
  expect(again.statusCode).toBe(200);
  expect(JSON.parse(again.body ?? '{}').keys.length).toBeGreaterThan(0);
});
