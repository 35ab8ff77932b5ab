/**
 * Section 6: colour-change attempts through every route with every role, then every history chain
 * and the half-written-state checks over the whole table (../audit.ts, ../concurrency.ts).
 */
import { shanghaiDay } from '../../../shared/time';
import { auditProblems, auditTable, type AuditResult } from '../audit';
import { auditInvariants, invariantLine, invariantViolations } from '../concurrency';
import { SEEDS } from '../fuzz';
import { AUTHORITY_HEADERS } from '../journey';
import { syntheticPerson } from '../people';
import { mintCredentials } from '../tokens';
import { CLOCK_SCOPE, log, type RunContext, type Section } from '../run-context';

export const TITLE = '6. Audit integrity';

export async function run({ cmd, run, catalog, target, journey, db, stack, people }: RunContext): Promise<Section> {
  log('audit: colour-change attempts through every route with every role');
  const lines: string[] = [];
  const red = syntheticPerson();
  people.push(red);
  const r = await journey.registeredResident(`audit-red-${run}`, red);
  await journey.send('POST', '/v1/authority/feeds', { headers: AUTHORITY_HEADERS, body: { feedId: `audit-red-${run}`, type: 'close-contact', records: [{ documentType: red.documentType, documentNumber: red.documentNumber, at: new Date().toISOString(), lastExposureDay: shanghaiDay(new Date()) }] } });
  const before = await journey.send('GET', '/v1/resident/status', { token: r.token });
  const historyBefore = await journey.send('GET', '/v1/resident/history', { token: r.token });
  const credentials = await mintCredentials(`audit-${run}`);
  const roleHeaders: Array<[string, Record<string, string>]> = [
    ['resident (the holder)', { authorization: `Bearer ${r.token}` }],
    ['inspector', credentials.headers('inspector')],
    ['authority', AUTHORITY_HEADERS],
  ];
  let attempts = 0;
  let accepted = 0;
  const colourFields = { color: 'green', colour: 'green', status: { color: 'green' }, to: 'green' };
  // Erasing the account is not a colour change (and would end the experiment): left out.
  for (const route of catalog.filter((x) => !x.localOnly && x.key !== 'DELETE /v1/resident/account')) {
    for (const [, headers] of roleHeaders) {
      const seed = SEEDS[route.key];
      const base = seed?.body ? seed.body(new Date()) : {};
      const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? JSON.stringify({ ...(base as object), ...colourFields }) : undefined;
      const res = await target({ method: route.method, path: route.path.replace('{id}', 'self').replace('{version}', '9.9.9-audit').replace('{name}', 'none'), query: { color: 'green' }, headers: { 'x-dev-clock-scope': CLOCK_SCOPE, ...headers }, body });
      attempts++;
      if (res.status < 300) accepted++;
    }
  }
  const after = await journey.send('GET', '/v1/resident/status', { token: r.token });
  const historyAfter = await journey.send('GET', '/v1/resident/history', { token: r.token });
  const unchanged = before.json?.color === after.json?.color && (historyBefore.json?.changes?.length ?? -1) === (historyAfter.json?.changes?.length ?? -2);
  let ok = unchanged && before.json?.color !== 'green';
  lines.push(
    `Colour-change attempts: ${attempts} requests (every deployed route but the account erasure × resident, inspector and authority credentials, bodies and queries carrying \`color: "green"\`) against a resident who is **${before.json?.color}**; answered 2xx: ${accepted} (reads and ignored fields); colour afterwards: **${after.json?.color}**, history entries ${historyBefore.json?.changes?.length} → ${historyAfter.json?.changes?.length}: ${unchanged ? 'no attempt changed the colour ✓' : 'CHANGED ✗'}.`,
  );
  log('audit: every history chain, half-written state');
  const audit: AuditResult = await auditTable(db, stack.tableName);
  const problems = auditProblems(audit);
  ok &&= problems === 0 && audit.holders > 0;
  lines.push(
    '',
    `Whole-table audit after the load and fault runs: ${audit.holders} holders plus ${audit.erasedHolders} erased ones (history only, chain checked) (${Object.entries(audit.statusesByColor).map(([c, n]) => `${c} ${n}`).join(', ')}), ${audit.historyEntries} history entries, ${audit.checkins} check-ins. **Broken chains: ${audit.brokenChains.length}**; statuses without their history entry: ${audit.statusWithoutHistory.length}; feeds applied twice: ${audit.feedsAppliedTwice.length} (bar 0 each). A check-in the status did not count would show below, as a streak the rules do not give.`,
    ...[...audit.brokenChains, ...audit.statusWithoutHistory, ...audit.feedsAppliedTwice].slice(0, 20).map((p) => `- ✗ ${p}`),
  );
  const invariants = await auditInvariants(db, stack.tableName);
  ok &&= invariantViolations(invariants) === 0;
  lines.push('', invariantLine(invariants, 'after the load, fault and concurrency runs'));
  return { title: TITLE, command: `${cmd}  (section 6)`, ok, lines };
}
