import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import urllib from 'urllib';
import transport, { Agent, HttpClientRequestTimeoutError, ProxyAgent, request, UnsupportedRequestError } from '../../../functions/adapters/alipay-transport';

/**
 * alipay-sdk's `urllib`, replaced by the fetch adapter (scripts/lib/esbuild-plugins.cjs, jest.config.js):
 * the gateway must see the same bytes urllib sent, and alipay-sdk must read the same answer back.
 * The real urllib (still installed, as alipay-sdk's dependency) is the reference, side by side.
 */
type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: string };
type RealUrllib = { request: (url: string, options: Record<string, unknown>) => Promise<{ status: number; headers: Record<string, unknown>; data: unknown }> };

let server: Server;
let base: string;
let real: RealUrllib;
const seen: Seen[] = [];
const hanging = new Set<ServerResponse>();

beforeAll(async () => {
  // By file, past the name mapping: the package alipay-sdk would load without the adapter.
  real = (await import(join(process.cwd(), 'node_modules', 'urllib', 'dist', 'esm', 'index.js'))).default as RealUrllib;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/hang') { hanging.add(res); return; }
      if (path === '/redirect') { res.writeHead(302, { location: '/elsewhere' }).end(); return; }
      if (path === '/gzip') { res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync('{"压缩":"是"}')); return; }
      if (path === '/status') { res.writeHead(502, { 'content-type': 'text/html', trace_id: 'T-1' }).end('<html>网关错误</html>'); return; }
      res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', trace_id: 'trace-123', 'Alipay-Trace-Id': 'A-9' }).end('{"alipay_x_response":{"code":"10000","名字":"张*"},"sign":"c2ln"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => {
  for (const res of hanging) res.destroy();
  server.close(() => resolve());
}));

/** One call through each client: what the server saw of each, and what each returned. */
async function sideBySide(path: string, options: Record<string, unknown>) {
  seen.length = 0;
  const theirs = await real.request(`${base}${path}`, options);
  const theirRequest = seen[0]!;
  const ours = await request(`${base}${path}`, options);
  return { theirs, ours, theirRequest, ourRequest: seen.at(-1)! };
}

const sent = (s: Seen) => ({ method: s.method, url: s.url, body: s.body, contentType: s.headers['content-type'], userAgent: s.headers['user-agent'], requestId: s.headers['alipay-request-id'], accept: s.headers.accept });
const read = (r: { status: number; headers: Record<string, unknown>; data: unknown }) => ({ status: r.status, data: r.data, traceId: r.headers.trace_id, alipayTrace: r.headers['alipay-trace-id'] });

describe('the fetch adapter alipay-sdk calls instead of urllib', () => {
  test('alipay-sdk gets the adapter: `urllib` resolves to it here as in the bundles', () => {
    expect(urllib.request).toBe(request);
    expect(transport.request).toBe(request);
  });

  test('exec: a form POST is sent byte for byte as urllib sends it, and read back the same', async () => {
    const options = {
      method: 'POST',
      data: { biz_content: '{"certify_id":"a b+c&d=e","名字":"张三"}', grant_type: 'authorization_code', code: '~!*()\'' },
      dataType: 'text',
      timeout: 2000,
      headers: { 'user-agent': 'alipay-sdk-nodejs-4.0.0', 'alipay-request-id': 'req-1', accept: 'application/json' },
      dispatcher: undefined,
    };
    const { theirs, ours, theirRequest, ourRequest } = await sideBySide('/gateway.do?charset=utf-8&method=alipay.x&sign=a%2Bb', options);
    expect(sent(ourRequest)).toEqual(sent(theirRequest));
    expect(ourRequest.body).toContain('code=%7E%21*%28%29%27');
    expect(read(ours)).toEqual(read(theirs));
    expect(ours.data).toBe('{"alipay_x_response":{"code":"10000","名字":"张*"},"sign":"c2ln"}');
  });

  test('curl: a JSON body given as content, and a JSON answer, as urllib', async () => {
    const options = { method: 'POST', content: '{"a":"乙"}', dataType: 'text', headers: { 'user-agent': 'alipay-sdk-nodejs-4.0.0', accept: 'application/json', 'content-type': 'application/json', authorization: 'ALIPAY-SHA256withRSA x' } };
    const { theirs, ours, theirRequest, ourRequest } = await sideBySide('/v3/x', options);
    expect(sent(ourRequest)).toEqual(sent(theirRequest));
    expect(ourRequest.headers.authorization).toBe('ALIPAY-SHA256withRSA x');
    expect(read(ours)).toEqual(read(theirs));
    const json = await sideBySide('/v3/x', { method: 'GET', dataType: 'json', data: { q: '一 二' }, headers: { 'user-agent': 'alipay-sdk-nodejs-4.0.0', accept: 'application/json' } });
    expect(sent(json.ourRequest)).toEqual(sent(json.theirRequest));
    expect(json.ours.data).toEqual(json.theirs.data);
  });

  test('a compressed answer, an error status and a redirect come back as urllib gives them', async () => {
    const gz = await sideBySide('/gzip', { method: 'POST', data: { a: '1' }, dataType: 'text' });
    expect(gz.ours.data).toBe('{"压缩":"是"}');
    expect(gz.ours.data).toEqual(gz.theirs.data);
    const bad = await sideBySide('/status', { method: 'POST', data: { a: '1' }, dataType: 'text' });
    expect(read(bad.ours)).toEqual(read(bad.theirs));
    expect(bad.ours.status).toBe(502);
    // The one deliberate difference: urllib follows a redirect, the adapter does not. Only the
    // gateway's own answer counts, and alipay-sdk takes any status but 200 as an error.
    const moved = await sideBySide('/redirect', { method: 'POST', data: { a: '1' }, dataType: 'text' });
    expect(moved.theirs.status).toBe(200);
    expect(moved.ours.status).toBe(302);
    expect(seen.map((s) => s.url)).toEqual(['/redirect', '/elsewhere', '/redirect']);
  });

  test('a gateway that never answers is a timeout error, as urllib names it', async () => {
    const err = await request(`${base}/hang`, { method: 'POST', data: { a: '1' }, dataType: 'text', timeout: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpClientRequestTimeoutError);
    expect((err as Error).name).toBe('HttpClientRequestTimeoutError');
    expect((err as Error).message).toMatch(/200 ms/);
  });

  test('a refused connection names its reason', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(request(`http://127.0.0.1:${port}/gateway.do`, { method: 'POST', data: { a: '1' }, dataType: 'text', timeout: 2000 })).rejects.toThrow(/ECONNREFUSED/);
  });

  test('what it does not carry is refused loudly: streamed answers and bodies, agents, proxies', async () => {
    seen.length = 0;
    await expect(request(`${base}/x`, { method: 'POST', dataType: 'stream' })).rejects.toBeInstanceOf(UnsupportedRequestError);
    await expect(request(`${base}/x`, { method: 'POST', dispatcher: new Agent({ allowH2: true }) })).rejects.toBeInstanceOf(UnsupportedRequestError);
    await expect(request(`${base}/x`, { method: 'POST', content: Readable.from(['a']) as never })).rejects.toBeInstanceOf(UnsupportedRequestError);
    await expect(request(`${base}/x`, { method: 'POST', data: Readable.from(['a']) as never })).rejects.toBeInstanceOf(UnsupportedRequestError);
    expect(() => new ProxyAgent()).toThrow(UnsupportedRequestError);
    // Refused before anything left the machine.
    expect(seen).toEqual([]);
  });
});
