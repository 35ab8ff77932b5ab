/**
 * The HTTP core both mini-programs share (mini-program/common/http.ts), with the platform's request
 * function played by a stub: how answers become ApiResults, and that a 2xx body is checked against
 * the caller's schema in both apps.
 */
import { z } from 'zod';
import { isUnexpectedAnswer, sendRequest, type PlatformRequest } from '../../mini-program/common/http';
import { UNEXPECTED_ANSWER } from '../../mini-program/common/problem';

const schema = z.strictObject({ confirmed: z.literal(true) });

function platformAnswering(answer: (o: PlatformRequest) => void) {
  const seen: PlatformRequest[] = [];
  return { seen, fn: (o: PlatformRequest) => { seen.push(o); answer(o); } };
}

test('a 2xx body the schema accepts is the data; additions the contract allows are kept', async () => {
  const platform = platformAnswering((o) => o.success({ status: 200, data: '{"confirmed":true,"later":1}' }));
  const result = await sendRequest(platform.fn, 'https://api.test', 'POST', '/x', { a: 1 }, { schema, token: 't', idempotencyKey: 'k-12345678' });
  expect(result).toEqual({ ok: true, status: 200, data: { confirmed: true, later: 1 } });
  expect(platform.seen[0]).toMatchObject({ url: 'https://api.test/x', method: 'POST', data: '{"a":1}', dataType: 'text', timeout: 15000, headers: { authorization: 'Bearer t', 'idempotency-key': 'k-12345678', 'content-type': 'application/json' } });
});

test('a 2xx body the schema refuses is a failure the caller can tell from a broken server', async () => {
  const platform = platformAnswering((o) => o.success({ statusCode: 200, data: '{"confirmed":"yes"}' }));
  const result = await sendRequest(platform.fn, '', 'GET', '/x', undefined, { schema });
  expect(result).toMatchObject({ ok: false, kind: 'problem', status: 502, problem: { detail: UNEXPECTED_ANSWER } });
  expect(isUnexpectedAnswer(result)).toBe(true);
  const broken = await sendRequest(platformAnswering((o) => o.fail({ error: 19, status: 502, data: '<html>' })).fn, '', 'GET', '/x', undefined, { schema });
  expect(broken).toMatchObject({ ok: false, status: 502 });
  expect(isUnexpectedAnswer(broken)).toBe(false);
});

test('an error answer is its problem, a 401 drops the session, anything else is the network', async () => {
  let dropped = 0;
  const refused = await sendRequest(platformAnswering((o) => o.fail({ error: 19, status: 401, data: '{"type":"about:blank","title":"登录已过期","status":401,"detail":"登录已过期"}' })).fn, '', 'GET', '/x', undefined, { onUnauthorised: () => dropped++ });
  expect(refused).toMatchObject({ ok: false, kind: 'problem', status: 401, problem: { detail: '登录已过期' } });
  expect(dropped).toBe(1);
  const offline = await sendRequest(platformAnswering((o) => o.fail({ error: 12 })).fn, '', 'GET', '/x', undefined, {});
  expect(offline).toMatchObject({ ok: false, kind: 'network' });
  const empty = await sendRequest(platformAnswering((o) => o.success({ status: 204, data: '' })).fn, '', 'POST', '/x', undefined, { schema: z.undefined() });
  expect(empty).toEqual({ ok: true, status: 204, data: undefined });
});
