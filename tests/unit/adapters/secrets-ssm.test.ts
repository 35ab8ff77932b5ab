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
