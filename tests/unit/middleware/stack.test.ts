import { jest } from '@jest/globals';
import { SignJWT, UnsecuredJWT } from 'jose';
import { z } from 'zod';
import { httpHandler, ok } from '../../../functions/middleware';
import { issueSession } from '../../../functions/adapters/sessions';
import { RuleRefusedError } from '../../../functions/core/errors';
import { logger } from '../../../functions/adapters/logger';
import { httpEvent, invoke } from '../../support/events';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../functions/adapters/dynamo';
import { keys } from '../../../functions/adapters/keys';

const body = z.object({ name: z.string().max(5, { message: '名字太长' }), age: z.number().int() }).strict();

const echo = httpHandler({ auth: 'resident', body }, async ({ body, principal }) => ok({ body, sub: principal.sub }));
const publicEcho = httpHandler({ auth: 'public', body }, async ({ body }) => ok({ body }));
const boom = httpHandler({ auth: 'public' }, async () => {
  throw new Error('secret internal detail 3301');
});
const refused = httpHandler({ auth: 'public' }, async () => {
  throw new RuleRefusedError('请先完成支付宝实名认证');
});

// A route's ports: built by its factory after auth and validation, handed over as ctx.ports.
let portBuilds = 0;
const withPorts = httpHandler({ auth: 'resident', body, ports: async () => ({ build: ++portBuilds }) }, async ({ ports }) => ok({ ports }));

const residentToken = async (sub = 'acc-1') => (await issueSession({ sub, role: 'resident' }, new Date())).token;
const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });

// A resident token is only as good as its account: the account must exist in the table.
beforeAll(() => db.send(new PutCommand({ TableName: process.env.TABLE_NAME!, Item: { ...keys.account('acc-1'), accountId: 'acc-1' } })));

describe('the middleware stack', () => {
  test('a token whose account is gone (注销) is 401, though its signature is good', async () => {
    const res = await invoke(echo, httpEvent('POST', '/x', { body: { name: 'ab', age: 3 }, headers: { Authorization: `Bearer ${await residentToken('acc-deleted')}` } }));
    expect(res.statusCode).toBe(401);
    expect(res.json.detail).toBe('账号已注销或登录已失效，请重新登录');
  });

  test("the route's ports reach the handler, and are not built for a request refused before it", async () => {
    const refusedAuth = await invoke(withPorts, httpEvent('POST', '/x', { body: { name: 'ab', age: 3 } }));
    expect(refusedAuth.statusCode).toBe(401);
    const refusedBody = await invoke(withPorts, httpEvent('POST', '/x', { body: { name: 'abcdefg', age: 3 }, headers: { Authorization: `Bearer ${await residentToken()}` } }));
    expect(refusedBody.statusCode).toBe(400);
    expect(portBuilds).toBe(0);
    const res = await invoke(withPorts, httpEvent('POST', '/x', { body: { name: 'ab', age: 3 }, headers: { Authorization: `Bearer ${await residentToken()}` } }));
    expect(res.statusCode).toBe(200);
    expect(res.json).toEqual({ ports: { build: 1 } });
  });

  test('passes typed, validated input and the session to the handler', async () => {
    const res = await invoke(echo, httpEvent('POST', '/x', { body: { name: 'ab', age: 3 }, headers: { Authorization: `Bearer ${await residentToken()}` } }));
    expect(res.statusCode).toBe(200);
    expect(res.json).toEqual({ body: { name: 'ab', age: 3 }, sub: 'acc-1' });
  });

  test('malformed JSON is a Chinese 400 problem', async () => {
    const res = await invoke(publicEcho, httpEvent('POST', '/x', { body: '{"name":', headers: { 'content-type': 'application/json' } }));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json).toMatchObject({ status: 400, title: '请求内容有误', detail: '请求内容不是有效的 JSON' });
  });

  test('a wrong content type is 415', async () => {
    const res = await invoke(publicEcho, httpEvent('POST', '/x', { body: 'name=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(res.statusCode).toBe(415);
    expect(res.json.title).toBe('请求格式不支持');
  });

  test('schema errors list each field with its Chinese message, and unknown fields are refused', async () => {
    const res = await invoke(publicEcho, httpEvent('POST', '/x', { body: { name: 'abcdefg', age: 1, extra: true } }));
    expect(res.statusCode).toBe(400);
    expect(res.json.errors).toEqual(expect.arrayContaining([{ path: 'name', message: '名字太长' }]));
    expect(res.json.errors.length).toBeGreaterThanOrEqual(2);
  });

  test('a body over the limit is a 413, refused before parsing', async () => {
    const res = await invoke(publicEcho, httpEvent('POST', '/x', { body: JSON.stringify({ name: 'a'.repeat(1024 * 1024), age: 1 }) }));
    expect(res.statusCode).toBe(413);
    expect(res.json).toMatchObject({ status: 413, type: 'https://health-code.lishui.example/problems/payload-too-large', title: '请求内容过大' });
    expect(res.json.detail).toMatch(/请求内容过大/);
  });

  test('prototype-pollution keys are refused, not merged', async () => {
    const res = await invoke(publicEcho, httpEvent('POST', '/x', { body: '{"__proto__":{"admin":true},"name":"a","age":1}' }));
    expect(res.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  test('an unexpected error is a generic 500 that leaks nothing', async () => {
    const spy = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const res = await invoke(boom, httpEvent('GET', '/boom'));
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/secret|3301|Error|stack/);
    expect(res.json.title).toBe('服务器开小差了');
    expect(JSON.stringify(spy.mock.calls)).not.toMatch(/secret internal detail/);
    spy.mockRestore();
  });

  test('domain errors keep their status and Chinese detail', async () => {
    const res = await invoke(refused, httpEvent('GET', '/r'));
    expect(res.statusCode).toBe(422);
    expect(res.json.detail).toBe('请先完成支付宝实名认证');
  });

  test('security headers are on success and error responses alike', async () => {
    for (const res of [await invoke(boom, httpEvent('GET', '/boom')), await invoke(refused, httpEvent('GET', '/r'))]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toBeDefined();
    }
  });

  describe('session auth', () => {
    const call = (authorization?: string) =>
      invoke(echo, httpEvent('POST', '/x', { body: { name: 'a', age: 1 }, headers: authorization ? { authorization } : {} }));

    test('no token is 401', async () => {
      expect((await call()).statusCode).toBe(401);
    });
    test('a token of another role is 403', async () => {
      const { token } = await issueSession({ sub: 'i-1', role: 'inspector', checkpoints: ['demo-gate'] }, new Date());
      expect((await call(`Bearer ${token}`)).statusCode).toBe(403);
    });
    test('an expired token is 401', async () => {
      const { token } = await issueSession({ sub: 'acc-1', role: 'resident' }, new Date(Date.now() - 3 * 24 * 3600 * 1000));
      const res = await call(`Bearer ${token}`);
      expect(res.statusCode).toBe(401);
      expect(res.json.detail).toBe('登录已过期，请重新登录');
    });
    test('a token signed with another key is 401', async () => {
      const forged = await new SignJWT({ role: 'resident' }).setProtectedHeader({ alg: 'HS256' }).setSubject('acc-1').setIssuer('lishui-health-code').setExpirationTime('1h').sign(new Uint8Array(32).fill(7));
      expect((await call(`Bearer ${forged}`)).statusCode).toBe(401);
    });
    test('alg none is 401', async () => {
      const unsigned = new UnsecuredJWT({ role: 'resident' }).setSubject('acc-1').setIssuer('lishui-health-code').setExpirationTime('1h').encode();
      expect((await call(`Bearer ${unsigned}`)).statusCode).toBe(401);
    });
  });
});
