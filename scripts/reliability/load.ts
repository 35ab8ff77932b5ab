/**
 * The load section: autocannon against the local stack, each run's figures side by
 * side with GET /v1/health measured in the same run (the local stack's own floor).
 */
import autocannon from 'autocannon';

export interface LoadFigures {
  name: string;
  connections: number;
  durationS: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Socket errors and timeouts. */
  errors: number;
  non2xx: number;
  status5xx: number;
  statuses: Record<string, number>;
}

function figures(name: string, connections: number, durationS: number, r: Awaited<ReturnType<typeof autocannon>>): LoadFigures {
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  const status5xx = Object.entries(statuses).filter(([code]) => code.startsWith('5')).reduce((n, [, c]) => n + c, 0);
  return { name, connections, durationS, requests: r.requests.total, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, status5xx, statuses };
}

/** A round-robin over a list. */
export function rotation<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length];
}

export interface VerifyLoadInput {
  apiUrl: string;
  /** Fresh code payloads of many residents (valid for 180 s after they were fetched). */
  payloads: string[];
  /** Inspector tokens, rotated so that no inspector exceeds the per-inspector scan limit. */
  inspectorTokens: string[];
  clockScope: string;
}

export async function healthLoad(apiUrl: string, connections: number, durationS: number): Promise<LoadFigures> {
  const r = await autocannon({ url: `${apiUrl}/v1/health`, connections, duration: durationS, timeout: 20 });
  return figures('GET /v1/health', connections, durationS, r);
}

export async function verifyLoad(input: VerifyLoadInput, connections: number, durationS: number, name = 'POST /v1/inspector/verifications'): Promise<LoadFigures> {
  const nextPayload = rotation(input.payloads);
  const nextToken = rotation(input.inspectorTokens);
  const r = await autocannon({
    url: input.apiUrl,
    connections,
    duration: durationS,
    timeout: 20,
    requests: [
      {
        method: 'POST',
        path: '/v1/inspector/verifications',
        setupRequest: (req) => ({
          ...req,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${nextToken()}`, 'x-dev-clock-scope': input.clockScope },
          body: JSON.stringify({ payload: nextPayload(), checkpointId: 'demo-gate' }),
        }),
      },
    ],
  });
  return figures(name, connections, durationS, r);
}

export async function codeRefreshLoad(apiUrl: string, residentTokens: string[], connections: number, durationS: number, clockScope: string): Promise<LoadFigures> {
  const nextToken = rotation(residentTokens);
  const r = await autocannon({
    url: apiUrl,
    connections,
    duration: durationS,
    timeout: 20,
    requests: [{ method: 'GET', path: '/v1/resident/code', setupRequest: (req) => ({ ...req, headers: { authorization: `Bearer ${nextToken()}`, 'x-dev-clock-scope': clockScope } }) }],
  });
  return figures('GET /v1/resident/code (concurrent refresh)', connections, durationS, r);
}
