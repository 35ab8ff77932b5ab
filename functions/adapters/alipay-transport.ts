/**
 * The HTTP client alipay-sdk calls, over Node's built-in `fetch`.
 *
 * alipay-sdk (v4) imports `urllib`, which brings its own copy of undici: about 550 KB of every
 * bundle that signs in or reads a phone number, and ~60 ms of cold init. Node 22's `fetch` is the
 * same undici, already inside the runtime. scripts/lib/esbuild-plugins.cjs resolves alipay-sdk's
 * `urllib` to this module in the Lambda bundles, and jest.config.js maps it the same way, so the
 * tests against the fake gateway run exactly this code. Signing, response verification and the
 * phone envelope stay alipay-sdk's own.
 *
 * It implements the part of urllib's `request` that alipay-sdk's calls use (form-encoded `exec`,
 * JSON `curl`, text answers, a timeout) with urllib's encodings. What it does not carry is refused
 * loudly: streamed answers, streamed (multipart) bodies, proxy and HTTP/2 agents.
 */
import { stringify as queryString } from 'node:querystring';

export interface TransportRequest {
  method?: string;
  /** Form fields (a POST body, or the query of a GET), or a ready body. */
  data?: Record<string, unknown> | string | Uint8Array;
  /** A ready body (alipay-sdk's JSON and encrypted `curl` calls). */
  content?: string | Uint8Array;
  contentType?: string;
  dataType?: 'text' | 'html' | 'json' | 'buffer' | 'stream';
  /** Milliseconds for the whole exchange; urllib's [headers, body] pair is summed. */
  timeout?: number | string | [number, number];
  headers?: Record<string, string | number | undefined>;
  dispatcher?: unknown;
  followRedirect?: boolean;
}

export interface TransportResponse {
  status: number;
  statusCode: number;
  statusText: string;
  /** Lower-case names, as urllib gives them. */
  headers: Record<string, string>;
  data: unknown;
  url: string;
  res: { status: number; statusCode: number; headers: Record<string, string> };
}

/** urllib's default when a call names no timeout. */
const DEFAULT_TIMEOUT_MS = 5000;

/** The error urllib throws on a timeout (same name, so a caller matching on it still does). */
export class HttpClientRequestTimeoutError extends Error {
  override name = 'HttpClientRequestTimeoutError';
}

export class UnsupportedRequestError extends Error {
  override name = 'UnsupportedRequestError';
}

function timeoutMs(timeout: TransportRequest['timeout']): number {
  if (Array.isArray(timeout)) return (timeout[0] ?? DEFAULT_TIMEOUT_MS) + (timeout[1] ?? DEFAULT_TIMEOUT_MS);
  const ms = typeof timeout === 'string' ? parseInt(timeout, 10) : timeout;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_TIMEOUT_MS;
}

const isBody = (v: unknown): v is string | Uint8Array => typeof v === 'string' || v instanceof Uint8Array;

export async function request(url: string | URL, options: TransportRequest = {}): Promise<TransportResponse> {
  const method = (options.method ?? 'GET').toUpperCase();
  if (options.dataType === 'stream') throw new UnsupportedRequestError('alipay transport: streamed answers are not built in');
  if (options.dispatcher !== undefined) throw new UnsupportedRequestError('alipay transport: proxy and HTTP/2 agents are not built in');
  if (options.content !== undefined && !isBody(options.content)) throw new UnsupportedRequestError('alipay transport: streamed (multipart) bodies are not built in');
  if (options.data !== undefined && typeof options.data === 'object' && !(options.data instanceof Uint8Array) && typeof (options.data as { pipe?: unknown }).pipe === 'function') {
    throw new UnsupportedRequestError('alipay transport: streamed (multipart) bodies are not built in');
  }

  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = String(v);
  let target = new URL(url);
  let body: string | Uint8Array | undefined;
  const bodyless = method === 'GET' || method === 'HEAD';

  // The same encodings as urllib 4 (HttpClient.request), so the gateway sees the same bytes.
  if (options.content !== undefined && !bodyless) {
    body = options.content;
    if (options.contentType) headers['content-type'] = options.contentType;
    else if (typeof body === 'string' && !headers['content-type']) headers['content-type'] = 'text/plain;charset=UTF-8';
  } else if (options.data !== undefined && options.data !== null) {
    const data = options.data;
    if (bodyless) {
      if (!isBody(data)) target = new URL(`${target.href}${target.href.includes('?') ? '&' : '?'}${queryString(data as Record<string, string>)}`);
    } else if (isBody(data)) {
      body = data;
    } else if (options.contentType === 'json' || options.contentType === 'application/json' || headers['content-type']?.startsWith('application/json')) {
      body = JSON.stringify(data);
      headers['content-type'] ??= 'application/json';
    } else {
      headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
      body = new URLSearchParams(data as Record<string, string>).toString();
    }
  }

  const ms = timeoutMs(options.timeout);
  const signal = AbortSignal.timeout(ms);
  try {
    const res = await fetch(target, {
      method,
      headers,
      body,
      signal,
      // A redirect is answered as it came; an answer is verified only as the gateway's own.
      redirect: options.followRedirect ? 'follow' : 'manual',
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    let data: unknown = bytes;
    if (options.dataType === 'text' || options.dataType === 'html') data = bytes.toString();
    else if (options.dataType === 'json') data = bytes.length === 0 ? null : JSON.parse(bytes.toString());
    const resHeaders = Object.fromEntries(res.headers);
    return {
      status: res.status,
      statusCode: res.status,
      statusText: res.statusText,
      headers: resHeaders,
      data,
      url: target.href,
      res: { status: res.status, statusCode: res.status, headers: resHeaders },
    };
  } catch (err) {
    if (signal.aborted) throw new HttpClientRequestTimeoutError(`Request timeout for ${ms} ms`, { cause: err });
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, a TLS error, …) is its cause.
    const { message, cause } = err as { message?: string; cause?: { code?: string; message?: string } };
    if (cause) throw new Error(`${message}: ${cause.code ?? cause.message}`, { cause: err });
    throw err;
  }
}

/**
 * alipay-sdk builds one HTTP/2 agent at import, for streamed answers only; `request` refuses any
 * agent, so this one just needs to construct.
 */
export class Agent {
  constructor(readonly options: unknown = {}) {}
}

/** alipay-sdk re-exports urllib's ProxyAgent; a proxy is not built in, and says so at construction. */
export class ProxyAgent {
  constructor() {
    throw new UnsupportedRequestError('alipay transport: proxy agents are not built in');
  }
}

/** alipay-sdk calls `urllib.request`. */
export default { request };
