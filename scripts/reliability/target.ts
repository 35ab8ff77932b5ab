/**
 * One way to send a request to the API, so the same checks run over HTTP against a running stack
 * (npm run reliability, the API tests) or in-process against a handler (the fast npm test subset).
 */
export interface ApiRequest {
  method: string;
  /** Path with placeholders filled, without the query string. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Raw body text (so malformed JSON and odd encodings can be sent as they are). */
  body?: string;
}

export interface ApiAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  text: string;
}

export type Target = (request: ApiRequest) => Promise<ApiAnswer>;

/** Sends requests to a running API (serverless-offline locally). */
export function httpTarget(baseUrl: string): Target {
  return async ({ method, path, query, headers, body }) => {
    const qs = query && Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '';
    const res = await fetch(baseUrl + path + qs, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body,
    });
    const text = await res.text();
    const out: Record<string, string> = {};
    res.headers.forEach((value, name) => { out[name.toLowerCase()] = value; });
    return { status: res.status, headers: out, text };
  };
}

/** JSON body of an answer, or undefined. */
export function answerJson(answer: ApiAnswer): any {
  try {
    return answer.text ? JSON.parse(answer.text) : undefined;
  } catch {
    return undefined;
  }
}
