import { z } from 'zod';
import { httpHandler, ok } from '../../../functions/middleware';
import { httpEvent, invoke } from '../../support/events';
// The contract's Chinese error map, as every schema of shared/api installs it.
import '../../../shared/api/errors';

// serverless-offline parses a JSON body itself and hands some values on parsed: a bare `false` or
// `0` arrives as a boolean or a number, not as the text API Gateway would pass.
const body = z.object({ name: z.string(), age: z.number().int() }).strict();
const withBody = httpHandler({ auth: 'public', body }, async ({ body }) => ok({ body }));
const withoutBody = httpHandler({ auth: 'public' }, async () => ok({ done: true }));

/** An event whose body is an already parsed value, as serverless-offline delivers it. */
function parsedBodyEvent(value: unknown) {
  const event = httpEvent('POST', '/x', { headers: { 'content-type': 'application/json' } });
  (event as unknown as { body: unknown }).body = value;
  return event;
}

describe('a body that is not a string (serverless-offline)', () => {
  test.each([
    ['false', false],
    ['true', true],
    ['0', 0],
    ['a number', 42.5],
    ['an array', [1, 2]],
    ['a wrong object', { name: 1 }],
  ])('%s is a Chinese 400 problem, not a 500', async (_, value) => {
    const res = await invoke(withBody, parsedBodyEvent(value));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json).toMatchObject({ status: 400, title: '请求内容有误' });
    expect(res.json.detail).toMatch(/[\u4e00-\u9fff]/);
  });

  test('a valid object is re-serialised and accepted like its JSON text', async () => {
    const res = await invoke(withBody, parsedBodyEvent({ name: 'ab', age: 3 }));
    expect(res.statusCode).toBe(200);
    expect(res.json).toEqual({ body: { name: 'ab', age: 3 } });
  });

  test('a value JSON cannot carry is a 400, not a crash', async () => {
    for (const value of [10n, () => 1, Symbol('x')]) {
      const res = await invoke(withBody, parsedBodyEvent(value));
      expect(res.statusCode).toBe(400);
      expect(res.json).toMatchObject({ status: 400, title: '请求内容有误', detail: '请求内容不是有效的 JSON' });
    }
  });

  test('the size limit still applies to a re-serialised body', async () => {
    const res = await invoke(withBody, parsedBodyEvent({ name: 'x'.repeat(70 * 1024), age: 1 }));
    expect(res.statusCode).toBe(413);
    expect(res.json.detail).toMatch(/请求内容过大/);
  });

  test.each([
    ['false', false],
    ['0', 0],
  ])('%s on a route that takes no body is a Chinese 400', async (_, value) => {
    const res = await invoke(withoutBody, parsedBodyEvent(value));
    expect(res.statusCode).toBe(400);
    expect(res.json).toMatchObject({ status: 400, detail: '此接口不接受请求内容' });
  });
});
