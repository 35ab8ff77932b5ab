/**
 * Single-purpose probes shared by the runner and the npm test subset.
 */
import { issueSession } from '../../functions/adapters/sessions';
import { LOOKUPS_PER_MINUTE } from '../../functions/core/inspector/guard';
import { syntheticPerson } from './people';
import { answerJson, type Target } from './target';

export interface RateLimitProbe {
  limit: number;
  /** How many lookups succeeded before the first 429 (0: never limited). */
  firstLimitedAfter: number;
  problem: unknown;
  /** The 429's Retry-After header, in seconds. */
  retryAfter?: number;
  serverErrors: number;
}

/**
 * Sends manual checks for fresh document numbers as one inspector until the first 429, at most
 * two windows' worth (a fixed window may reset once in between).
 */
export async function checkLookupRateLimit(target: Target, inspectorSub: string, clockScope: string): Promise<RateLimitProbe> {
  const { token } = await issueSession({ sub: inspectorSub, role: 'inspector', checkpoints: ['demo-gate'] }, new Date());
  let served = 0;
  let serverErrors = 0;
  for (let i = 0; i < 2 * LOOKUPS_PER_MINUTE + 1; i++) {
    const person = syntheticPerson();
    const answer = await target({
      method: 'POST',
      path: '/v1/inspector/manual-checks',
      headers: { authorization: `Bearer ${token}`, 'x-dev-clock-scope': clockScope },
      body: JSON.stringify({ documentType: person.documentType, documentNumber: person.documentNumber, credential: 'community-pass', temperature: 36.5, checkpointId: 'demo-gate' }),
    });
    if (answer.status >= 500) serverErrors++;
    if (answer.status === 429) {
      const header = Object.entries(answer.headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
      return { limit: LOOKUPS_PER_MINUTE, firstLimitedAfter: served, problem: answerJson(answer), serverErrors, retryAfter: header === undefined ? undefined : Number(header) };
    }
    if (answer.status === 200) served++;
  }
  return { limit: LOOKUPS_PER_MINUTE, firstLimitedAfter: 0, problem: undefined, serverErrors };
}
