/**
 * Section 4: the access matrix over HTTP, the catch-all 404, cross-account dependents, the lookup
 * rate limit, and the prod package.
 */
import { runAccessMatrix, matrixTable, missingSecurityHeaders, validBody, type MatrixResult } from '../access';
import { inspectProdPackage, type BundleResult } from '../bundle';
import { syntheticPerson } from '../people';
import { checkLookupRateLimit, type RateLimitProbe } from '../probes';
import { mintCredentials } from '../tokens';
import { CLOCK_SCOPE, ROOT, log, type RunContext, type Section } from '../run-context';

export const TITLE = '4. Access';

export async function run({ cmd, run, catalog, target, journey, stack, people }: RunContext): Promise<Section> {
  log('access: matrix, headers, cross-account dependents, lookup rate limit, prod package');
  const credentials = await mintCredentials(`matrix-${run}`);
  const matrix: MatrixResult = await runAccessMatrix(target, catalog, credentials, { clockScope: CLOCK_SCOPE });
  const notFound = await target({ method: 'GET', path: '/v1/no-such-route' });
  const lines: string[] = [];
  let ok = matrix.failures.length === 0 && matrix.headerFailures.length === 0 && missingSecurityHeaders(notFound).length === 0;
  lines.push(
    `Cells: ${matrix.cells.length} (${catalog.length} routes × credentials; dev routes probed once without a credential). **Failures: ${matrix.failures.length}** (bar 0). **Answers missing a security header: ${matrix.headerFailures.length}** (bar 0; the catch-all 404 ${missingSecurityHeaders(notFound).length ? 'misses some' : 'has them all'}).`,
    '',
    'Each cell is the status answered; ✗ marks a failure. Expected: attacks 401, another role 403, own role past auth (an empty body then gives 400), public routes never 401/403.',
    '',
    matrixTable(matrix),
  );
  for (const f of matrix.failures) lines.push(`- ✗ \`${f.route}\` with ${f.credential}: ${f.status}, expected ${f.expected}`);

  const owner = syntheticPerson();
  const dep = syntheticPerson();
  people.push(owner, dep);
  const a = await journey.registeredResident(`xacct-a-${run}`, owner);
  const stranger = await journey.signIn(`xacct-b-${run}`);
  const depId = await journey.addDependent(a.token, dep);
  const rows: string[] = [];
  for (const route of catalog.filter((r) => r.path.startsWith('/v1/resident/dependents/{id}'))) {
    const res = await journey.send(route.method, route.path.replace('{id}', depId), { token: stranger, body: validBody(route) });
    rows.push(`\`${route.key}\` → ${res.status}${res.status === 404 ? '' : ' ✗'}`);
    if (res.status !== 404) ok = false;
  }
  lines.push('', `Another account's dependent (expected 404 on every dependent route): ${rows.join('; ')}.`);

  const probe: RateLimitProbe = await checkLookupRateLimit(target, `ratelimit-${run}`, CLOCK_SCOPE);
  const limited = probe.firstLimitedAfter > 0 && probe.firstLimitedAfter <= probe.limit && probe.serverErrors === 0;
  ok &&= limited;
  lines.push('', `Manual-check lookup rate limit: first 429 after ${probe.firstLimitedAfter} lookups (limit ${probe.limit} a minute per inspector); answer: ${JSON.stringify(probe.problem)}.`);

  try {
    log('access: packaging for prod (osls package --stage prod)');
    const bundle: BundleResult = inspectProdPackage(ROOT, stack.secrets);
    const bundleOk = !bundle.printHasDevRoute && bundle.devFunctionsPackaged.length === 0 && bundle.findings.length === 0;
    ok &&= bundleOk;
    lines.push(
      '',
      `Prod package (\`${bundle.command}\`): ${bundle.zips} function bundles, ${bundle.files} files; \`osls print --stage prod\` lists a /v1/dev route: ${bundle.printHasDevRoute ? '**yes ✗**' : 'no'}; dev functions packaged: ${bundle.devFunctionsPackaged.length ? bundle.devFunctionsPackaged.join(', ') + ' ✗' : 'none'}; forbidden content found: ${bundle.findings.length}.`,
      ...summariseFindings(bundle),
    );
  } catch (err) {
    ok = false;
    lines.push('', `Prod package: could not be built: ${(err as Error).message.split('\n')[0]}`);
  }
  return { title: TITLE, command: `${cmd}  (section 4)`, ok, lines };
}

function summariseFindings(bundle: BundleResult): string[] {
  const byWhat = new Map<string, string[]>();
  for (const f of bundle.findings) byWhat.set(f.what, [...(byWhat.get(f.what) ?? []), f.file]);
  return [...byWhat].map(([what, files]) => `- ✗ ${what}: ${files.length} files, e.g. ${files.slice(0, 3).join(', ')}`);
}
