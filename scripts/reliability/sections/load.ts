/** Section 1: residents seeded through the API, then health alone, verify, and verify with concurrent code refreshes. */
import { Journey, inspectorToken } from '../journey';
import { codeRefreshLoad, healthLoad, verifyLoad, type LoadFigures } from '../load';
import { syntheticPerson } from '../people';
import type { Target } from '../target';
import { CLOCK_SCOPE, fmt, log, pool, type RunContext, type Section } from '../run-context';

export const TITLE = '1. Load';

/** Registers `options.residents` green residents into `ctx.residents` (the faults section uses them too). */
export async function seedResidents({ options, run, target, people, residents }: RunContext): Promise<void> {
  log(`seeding ${options.residents} residents through the API`);
  const seedJourney = new Journey(target, CLOCK_SCOPE);
  const list = Array.from({ length: options.residents }, () => syntheticPerson());
  people.push(...list);
  await pool(list, 8, async (person, i) => {
    const { token } = await seedJourney.registeredResident(`load-${run}-${i}`, person);
    residents.push({ token, person });
  });
}

export async function run({ options, cmd, run, target, stack, residents }: RunContext): Promise<Section> {
  if (!residents.length) throw new Error('no residents were seeded');
  const inspectors = await Promise.all(Array.from({ length: 400 }, (_, i) => inspectorToken(`load-inspector-${run}-${i}`)));
  const payloadJourney = new Journey(target, CLOCK_SCOPE);
  const freshPayloads = async () => {
    const payloads: string[] = [];
    await pool(residents, 8, async (r) => {
      payloads.push(await payloadJourney.code(r.token));
    });
    payloadJourney.answers.length = 0;
    return payloads;
  };
  const runs: LoadFigures[] = [];
  log(`load: GET /v1/health, ${options.connections} connections, ${options.duration} s`);
  runs.push(await healthLoad(stack.apiUrl, options.connections, options.duration));
  log('load: POST /v1/inspector/verifications');
  runs.push(await verifyLoad({ apiUrl: stack.apiUrl, payloads: await freshPayloads(), inspectorTokens: inspectors, clockScope: CLOCK_SCOPE }, options.connections, options.duration));
  log('load: verifications with a concurrent code-refresh load');
  const payloads = await freshPayloads();
  const [verifyMixed, refresh] = await Promise.all([
    verifyLoad({ apiUrl: stack.apiUrl, payloads, inspectorTokens: inspectors, clockScope: CLOCK_SCOPE }, options.connections, options.duration, 'POST /v1/inspector/verifications (with refresh load)'),
    codeRefreshLoad(stack.apiUrl, residents.map((r) => r.token), Math.max(1, Math.round(options.connections / 2)), options.duration, CLOCK_SCOPE),
  ]);
  runs.push(verifyMixed, refresh);
  await settle(target, residents[0].token);
  const floor = runs[0].rps;
  const bad = runs.reduce((n, r) => n + r.errors + r.status5xx, 0);
  const non2xx = runs.reduce((n, r) => n + r.non2xx, 0);
  return {
    title: TITLE,
    command: `${cmd}  (section 1: autocannon, ${options.connections} connections, ${options.duration} s per run; ${residents.length} seeded residents, fresh payloads per run, ${inspectors.length} inspector tokens rotated)`,
    ok: bad === 0 && non2xx === 0,
    lines: [
      '| run | connections | requests | req/s | ratio to health | p50 ms | p99 ms | errors | non-2xx | 5xx | statuses |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
      ...runs.map((r) => `| ${r.name} | ${r.connections} | ${r.requests} | ${fmt(r.rps, 1)} | ${fmt(r.rps / floor, 2)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.errors} | ${r.non2xx} | ${r.status5xx} | ${JSON.stringify(r.statuses)} |`),
      '',
      `Bar: zero errors and zero 5xx: **${bad === 0 ? 'met' : `missed (${bad})`}**; non-2xx answers: ${non2xx}. The ratio divides by GET /v1/health measured in this same run: the local stack's floor (serverless-offline and DynamoDB Local on this machine, not Lambda).`,
    ],
  };
}

/** After a load run, waits (up to 3 minutes) until the stack answers a table read again. */
async function settle(target: Target, residentToken: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const res = await target({ method: 'GET', path: '/v1/resident/status', headers: { authorization: `Bearer ${residentToken}`, 'x-dev-clock-scope': CLOCK_SCOPE } }).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  log('the stack did not settle within 3 minutes after the load');
}
