import { request } from 'node:http';
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

/**
 * Sends requests to a running API (serverless-offline locally). node:http rather than fetch: fetch
 * refuses a body on GET, and sending one is one of the bad inputs.
 */
export function httpTarget(baseUrl: string): Target {
  const base = new URL(baseUrl);
  return ({ method, path, query, headers, body }) =>
    new Promise<ApiAnswer>((resolve, reject) => {
      const qs = query && Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '';
      const payload = body === undefined ? undefined : Buffer.from(body);
      const req = request(
        {
          host: base.hostname,
          port: base.port,
          method,
          path: path + qs,
          // No keep-alive: serverless-offline closes idle sockets, and a reused dead one hangs up.
          agent: false,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const out: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
            resolve({ status: res.statusCode ?? 0, headers: out, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(90_000, () => req.destroy(new Error(`no answer to ${method} ${path} within 90 s`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
}

/** JSON body of an answer, or undefined. */
export function answerJson(answer: ApiAnswer): any {
  try {
    return answer.text ? JSON.parse(answer.text) : undefined;
  } catch {
    return undefined;
  }
}
