/** The console's calls to the API (same origin: /v1/...), with the official's session token. */
import type { ConsoleSessionResponse } from '../../shared/api/console';

const TOKEN_KEY = 'hc-console-session';

export function savedSession(): ConsoleSessionResponse | undefined {
  try {
    const s = JSON.parse(sessionStorage.getItem(TOKEN_KEY) ?? 'null') as ConsoleSessionResponse | null;
    if (s && Date.parse(s.expiresAt) > Date.now()) return s;
  } catch {
    // a damaged entry is a signed-out console
  }
  return undefined;
}

export function saveSession(s: ConsoleSessionResponse | undefined): void {
  if (s) sessionStorage.setItem(TOKEN_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** A problem+json answer, with its Chinese detail and per-field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const session = savedSession();
  const res = await fetch(path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(session ? { authorization: `Bearer ${session.token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    if (res.status === 401) saveSession(undefined);
    throw new ApiError(res.status, data?.detail ?? data?.title ?? `请求失败（${res.status}）`, data?.errors ?? []);
  }
  return data as T;
}
