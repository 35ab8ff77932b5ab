/** Section 3: fast-check cases on every route while the table is small (snapshots are Scans). */
import { scanAll } from '../audit';
import { FUZZ_EXCLUDED, fuzzRoute, fingerprint, type FuzzRouteResult } from '../fuzz';
import { fuzzWorld } from '../fuzz-world';
import { inProcessTarget } from '../in-process';
import { CLOCK_SCOPE, log, type RunContext, type Section } from '../run-context';

export const TITLE = '3. Bad input (fast-check over every route)';

export async function run({ options, cmd, run, catalog, target, db, stack, people }: RunContext): Promise<Section> {
  log('bad input: fuzzing every route');
  // A resident with a profile, a declaration and a verified dependent, and what each other route needs.
  const world = await fuzzWorld(target, CLOCK_SCOPE, run);
  const routes = catalog.filter((r) => !FUZZ_EXCLUDED[r.key]);
  const results: FuzzRouteResult[] = [];
  const snapshot = async () => fingerprint(await scanAll(db, stack.tableName));
  for (const route of routes) {
    const { credentials, params, example } = await world.stage(route);
    const r = await fuzzRoute(target, route, credentials, { casesPerRoute: options.fuzzCases, clockScope: CLOCK_SCOPE, snapshot, maxDepth: 1_000, params, example });
    results.push(r);
    log(`  ${route.key}: ${r.ran ? '' : `NOT RUN (valid example ${r.valid.status}), `}${r.cases} cases, ${r.refused} refused, ${r.serverErrors} 5xx, ${r.writesByRefused} writes by refused`);
  }
  // Everyone the world made, for the privacy scan of the API log.
  people.push(...world.people);
  const notRun = results.filter((r) => !r.ran);
  const total = (f: (r: FuzzRouteResult) => number) => results.reduce((n, r) => n + f(r), 0);
  // Every 5xx replayed in this process against the route's own handler, with the event exactly
  // as API Gateway delivers it: a 5xx that does not come back there is serverless-offline's.
  const local = inProcessTarget(catalog);
  const replays: string[] = [];
  let reproduced = 0;
  for (const r of results) {
    for (const request of r.serverErrorRequests) {
      const again = await local(request).catch((err: Error) => ({ status: 599, text: err.message, headers: {} }));
      if (again.status >= 500) reproduced++;
      if (replays.length < 30) replays.push(`- \`${r.route}\` body \`${(request.body ?? '').slice(0, 40)}\`: serverless-offline 5xx, in-process ${again.status}`);
    }
  }
  const replayed = total((r) => r.serverErrorRequests.length);
  const bad = notRun.length + reproduced + total((r) => r.writesByRefused + r.acceptedInvalid + r.noAnswer) + (total((r) => r.serverErrors) > replayed ? 1 : 0);
  return {
    title: TITLE,
    command: `${cmd}  (section 3; ${options.fuzzCases} generated cases + one 1 MiB body per route, seed 9)`,
    ok: bad === 0,
    lines: [
      `Routes fuzzed: ${results.length}; **not run: ${notRun.length}** (bar 0: a route whose valid example is refused never reaches its body parser${notRun.length ? `: ${notRun.map((r) => `\`${r.route}\` → ${r.valid.status}`).join(', ')}` : ''}); cases: ${total((r) => r.cases)}; refused (4xx): ${total((r) => r.refused)}; **5xx: ${total((r) => r.serverErrors)}** (bar 0); **writes by refused requests: ${total((r) => r.writesByRefused)}** (bar 0); invalid inputs accepted: ${total((r) => r.acceptedInvalid)} (bar 0).`,
      replayed
        ? `5xx replayed in-process with an AWS-shaped event: ${replayed}; **still 5xx there: ${reproduced}** (bar 0); the others are serverless-offline's alone.`
        : 'No 5xx to replay in-process. (serverless-offline parses a JSON body itself and hands the Lambda a non-string `event.body` for a bare `false` or `0`; the body guard of functions/middleware re-serialises it, so it meets the same parser and schema as over API Gateway.)',
      ...replays,
      `No answer at all: ${total((r) => r.noAnswer)}. Nesting over HTTP goes to depth 1 000: serverless-offline re-serialises JSON bodies itself and never answers deeper ones (AWS hands the raw body to the Lambda, whose parser answers 400 at depth 20 000 in the npm test subset, which runs in-process).`,
      `Left out: ${Object.entries(FUZZ_EXCLUDED).map(([k, why]) => `\`${k}\` (${why})`).join('; ')}.`,
      '',
      '| route | ran (valid example) | cases | refused | accepted | 5xx | no answer | writes by refused | invalid accepted | contract example |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...results.map((r) => `| \`${r.route}\` | ${r.ran ? `yes (${r.valid.status})` : `**not run** (${r.valid.status})`} | ${r.cases} | ${r.refused} | ${r.accepted} | ${r.serverErrors} | ${r.noAnswer} | ${r.writesByRefused} | ${r.acceptedInvalid} | ${r.seeded ? 'yes' : 'no (fuzzed from {})'} |`),
      ...results.flatMap((r) => r.examples.map((e) => `- \`${r.route}\`: ${e.replace(/\|/g, '\\|')}`)),
    ],
  };
}
