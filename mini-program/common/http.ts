/**
 * The HTTP core both mini-programs share: one call through the platform's request function
 * (`my.request` for Alipay, `dd.httpRequest` for DingTalk, which report answers the same way), turned
 * into an ApiResult, with every 2xx body checked against the shared zod schema the caller names.
 * The two `platform.ts` files only wire in their platform global, their session and their retries.
 */
import { z } from 'zod';
import { acceptBody, NETWORK_MESSAGE, parseJson, retryAfterSeconds, toProblem, UNEXPECTED_ANSWER, type ApiResult } from './problem';

// Mini-program runtimes forbid `new Function`; zod must not try to compile its parsers.
z.config({ jitless: true });

/** The problem `type` of a 2xx answer whose body is not what the contract promises. */
export const UNEXPECTED_ANSWER_TYPE = 'urn:lishui-health-code:unexpected-answer';

/** What `my.request` and `dd.httpRequest` both take (the fields this app uses). */
export interface PlatformRequest {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers: Record<string, string>;
  data?: string;
  dataType: 'text';
  timeout: number;
  success: (res: { status?: number; statusCode?: number; data?: unknown; headers?: unknown }) => void;
  fail: (err: { error?: number; status?: number; data?: unknown; headers?: unknown }) => void;
}

export type PlatformRequestFn = (options: PlatformRequest) => void;

export interface SendOptions<T> {
  /** The shared zod schema of the 2xx body; a body that does not match is reported as a failure. */
  schema?: z.ZodType<T>;
  /** Sent as `Idempotency-Key`, for writes a client may retry. */
  idempotencyKey?: string;
  /** Give up after this many milliseconds (default 15 s); the answer is then a network failure. */
  timeoutMs?: number;
}

export type HttpMethod = PlatformRequest['method'];

/** The answer for a 2xx body the schema refuses: reported like a broken gateway (502). */
export function unexpectedAnswer<T>(): ApiResult<T> {
  return { ok: false, kind: 'problem', status: 502, problem: { type: UNEXPECTED_ANSWER_TYPE, title: UNEXPECTED_ANSWER, status: 502, detail: UNEXPECTED_ANSWER } };
}

/** Whether a failure is a 2xx answer the client could not read (the server did act on it). */
export function isUnexpectedAnswer(result: ApiResult<unknown>): boolean {
  return !result.ok && result.kind === 'problem' && result.problem.type === UNEXPECTED_ANSWER_TYPE;
}

/**
 * One HTTP call. Both platforms report a non-2xx answer as `fail` with error 19, the status and the
 * body in `data`; both paths end here as an ApiResult. Bodies are read as text and parsed here, so a
 * 204 without a body is not a decoding error. `onUnauthorised` runs on a 401 (drop the session).
 */
export function sendRequest<T>(
  platformRequest: PlatformRequestFn,
  baseUrl: string,
  method: HttpMethod,
  path: string,
  body: unknown,
  options: SendOptions<T> & { token?: string; onUnauthorised?: () => void },
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  return new Promise((resolve) => {
    platformRequest({
      url: baseUrl + path,
      method,
      headers,
      data: body === undefined ? undefined : JSON.stringify(body),
      dataType: 'text',
      timeout: options.timeoutMs ?? 15000,
      success: (res) => {
        const status = res.status ?? res.statusCode ?? 0;
        const data = typeof res.data === 'string' ? parseJson(res.data) : res.data;
        if (status >= 200 && status < 300) {
          const accepted = options.schema ? acceptBody(options.schema, data) : { ok: true as const, data: data as T };
          resolve(accepted.ok ? { ok: true, status, data: accepted.data } : unexpectedAnswer<T>());
        } else resolve(problemResult(status, data, res.headers));
      },
      fail: (err) => {
        if (err.error === 19 && typeof err.status === 'number') {
          if (err.status === 401) options.onUnauthorised?.();
          resolve(problemResult(err.status, err.data, err.headers));
        } else {
          resolve({ ok: false, kind: 'network', message: NETWORK_MESSAGE });
        }
      },
    });
  });
}

/** A non-2xx answer as an ApiResult, with its Retry-After (429, 503) when it has one. */
function problemResult(status: number, data: unknown, headers: unknown): ApiResult<never> {
  const wait = retryAfterSeconds(headers);
  return { ok: false, kind: 'problem', status, problem: toProblem(status, data), ...(wait === undefined ? {} : { retryAfterSeconds: wait }) };
}

/** A platform's synchronous storage (`my.*StorageSync` and `dd.*StorageSync` have the same shape). */
export interface PlatformStorage {
  getStorageSync(options: { key: string }): { data?: unknown } | undefined;
  setStorageSync(options: { key: string; data: unknown }): void;
  removeStorageSync(options: { key: string }): void;
}

/** Storage reads that treat null, undefined and '' (what the platforms hand back for a missing key) alike. */
export function storageOf(platform: () => PlatformStorage) {
  return {
    read<T>(key: string): T | undefined {
      const data = platform().getStorageSync({ key })?.data;
      return data === null || data === undefined || data === '' ? undefined : (data as T);
    },
    write(key: string, data: unknown): void {
      platform().setStorageSync({ key, data });
    },
    remove(key: string): void {
      platform().removeStorageSync({ key });
    },
  };
}

/** Whether a stored session is still live. */
export function isLive(session: { token?: string; expiresAt?: string } | undefined): boolean {
  return !!session && !!session.token && !!session.expiresAt && Date.parse(session.expiresAt) > Date.now();
}

/** Runs `tick` every `ms` milliseconds until the returned function is called. */
export function every(ms: number, tick: () => void): () => void {
  const id = setInterval(tick, ms);
  return () => clearInterval(id);
}

/** Runs `task` once after `ms` milliseconds unless the returned function is called first. */
export function after(ms: number, task: () => void): () => void {
  const id = setTimeout(task, ms);
  return () => clearTimeout(id);
}

export function now(): Date {
  return new Date();
}
