import { jest } from '@jest/globals';
import { z } from 'zod';
import { httpHandler, ok, jsonTextDepth, valueDepth, MAX_JSON_DEPTH } from '../../../functions/middleware';
import { GENERIC_PROBLEMS, problemsByStatus, toProblem } from '../../../functions/middleware/problem';
import { DependencyUnavailableError, NotConfiguredError, PROBLEM_BASE } from '../../../functions/core/errors';
import { handler as notFound } from '../../../functions/http/not-found/handler';
import { allowedMethods, encodeRoutes, ROUTES_ENV } from '../../../functions/http/not-found/allowed';
import { functions, localOnlyFunctions } from '../../../functions/routes';
import { logger } from '../../../functions/adapters/logger';
import { httpEvent, invoke } from '../../support/events';
import '../../../shared/api/errors';

const body = z.object({ name: z.string() }).strict();
const echo = httpHandler({ auth: 'public', body }, async ({ body }) => ok({ body }));

/** `depth` nested arrays around a value, as JSON text. */
const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

function expectProblem(res: { statusCode: number; headers: Record<string, string>; json: any }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json.status).toBe(status);
  expect(res.json.type.startsWith(PROBLEM_BASE)).toBe(true);
  expect(res.json.title).toMatch(/[\u4e00-\u9fff]/);
  expect(res.json.detail).toMatch(/[\u4e00-\u9fff]/);
}

describe('one error shape', () => {
  test('malformed JSON, 415 and 500 carry the project type URLs, never about:blank', async () => {
    const malformed = await invoke(echo, httpEvent('POST', '/x', { body: '{"name":', headers: { 'content-type': 'application/json' } }));
    expectProblem(malformed, 400);
    expect(malformed.json.type).toBe(GENERIC_PROBLEMS.invalidJson.type);
    const wrongType = await invoke(echo, httpEvent('POST', '/x', { body: 'name=a', headers: { 'content-type': 'text/plain' } }));
    expectProblem(wrongType, 415);
    const spy = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const crash = await invoke(httpHandler({ auth: 'public' }, async () => { throw new Error('boom'); }), httpEvent('GET', '/x'));
    spy.mockRestore();
    expectProblem(crash, 500);
    expect(crash.body).not.toContain('about:blank');
  });

  test('JSON nested deeper than the limit is 400 嵌套层级过深, as text or as an already parsed value', async () => {
    const text = await invoke(echo, httpEvent('POST', '/x', { body: nested(30_000), headers: { 'content-type': 'application/json' } }));
    expectProblem(text, 400);
    expect(text.json.detail).toMatch(/嵌套层级过深/);
    const event = httpEvent('POST', '/x', { headers: { 'content-type': 'application/json' } });
    (event as unknown as { body: unknown }).body = JSON.parse(nested(30_000));
    const parsed = await invoke(echo, event);
    expectProblem(parsed, 400);
    expect(parsed.json.detail).toMatch(/嵌套层级过深/);
    // At the limit the body reaches the schema, which answers for itself.
    const atLimit = await invoke(echo, httpEvent('POST', '/x', { body: nested(MAX_JSON_DEPTH), headers: { 'content-type': 'application/json' } }));
    expect(atLimit.statusCode).toBe(400);
    expect(atLimit.json.detail).not.toMatch(/嵌套层级过深/);
  });

  test('depth counts brackets outside strings only', () => {
    expect(jsonTextDepth('{"a":"[[[[[[","b":[{"c":"\\"]]]"}]}')).toBe(3);
    expect(jsonTextDepth('"plain"')).toBe(0);
    expect(valueDepth({ a: [{ b: 1 }] })).toBe(3);
    expect(valueDepth(JSON.parse(nested(100)), 10)).toBeGreaterThan(10);
  });

  test('503 tells busy from not configured', () => {
    const busy = JSON.parse(toProblem(new DependencyUnavailableError('支付宝服务暂时无法访问，请稍后再试')).body!);
    const off = JSON.parse(toProblem(new NotConfiguredError('支付宝登录暂未开通，请稍后再试')).body!);
    expect(busy).toMatchObject({ status: 503, title: '服务繁忙', type: `${PROBLEM_BASE}unavailable` });
    expect(off).toMatchObject({ status: 503, title: '功能未开通', type: `${PROBLEM_BASE}not-configured` });
  });

  test('every generic problem the offline catch-all may use is Chinese and under the project base', () => {
    for (const [status, problem] of Object.entries(problemsByStatus())) {
      expect(problem.status).toBe(Number(status));
      expect(problem.type.startsWith(PROBLEM_BASE)).toBe(true);
      expect(problem.title + problem.detail).toMatch(/^[^A-Za-z]*[\u4e00-\u9fff]/);
    }
  });
});

describe('the catch-all route', () => {
  const routes = encodeRoutes({ ...functions, ...localOnlyFunctions } as never);
  beforeAll(() => {
    process.env[ROUTES_ENV] = routes;
  });
  afterAll(() => {
    delete process.env[ROUTES_ENV];
  });

  test('knows every path template of the registry, parameters included', () => {
    expect(allowedMethods(routes, '/v1/health')).toEqual(['GET']);
    expect(allowedMethods(routes, '/v1/dev/clock')).toEqual(['DELETE', 'POST']);
    expect(allowedMethods(routes, '/v1/dev/jobs/auto-convert')).toEqual(['POST']);
    expect(allowedMethods(routes, '/v1/nothing-here')).toEqual([]);
  });

  test('a wrong method on a known path is 405 with Allow', async () => {
    const res = await invoke(notFound, httpEvent('PUT', '/v1/health'));
    expectProblem(res, 405);
    expect(res.headers.allow).toBe('GET');
    expect(res.json.type).toBe(`${PROBLEM_BASE}method-not-allowed`);
  });

  test('an unknown path is 404, with or without a body', async () => {
    const res = await invoke(notFound, httpEvent('POST', '/v1/nothing-here', { body: { a: 1 } }));
    expectProblem(res, 404);
  });
});
