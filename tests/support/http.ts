/**
 * A small HTTP client for API tests against the local stack started by the global setup.
 * Each test file should use its own clock scope, so moving the dev clock never disturbs others.
 */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface ApiOptions {
  token?: string;
  headers?: Record<string, string>;
  clockScope?: string;
}

export function apiUrl(): string {
  const url = process.env.API_URL;
  if (!url) throw new Error('API_URL is not set: run the tests through `npm test` (jest global setup starts the stack)');
  return url;
}

export async function call<T = any>(method: string, path: string, body?: unknown, options: ApiOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.clockScope) headers['x-dev-clock-scope'] = options.clockScope;
  const res = await fetch(apiUrl() + path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

/** A client bound to one clock scope and (optionally) one token. */
export function client(clockScope: string) {
  return {
    clockScope,
    call: <T = any>(method: string, path: string, body?: unknown, options: ApiOptions = {}) =>
      call<T>(method, path, body, { clockScope, ...options }),
    setClock: (now: string | Date) => call('POST', '/v1/dev/clock', { now: new Date(now).toISOString() }, { clockScope }),
    resetClock: () => call('DELETE', '/v1/dev/clock', undefined, { clockScope }),
  };
}
