/** Section 2: each injected DynamoDB fault, then DynamoDB Local killed during writes and restarted on the same data. */
import { FAULT_KINDS } from '../../../functions/adapters/dynamo-faults';
import { injectedFaultProbe, killDuringWrites, type FaultProbeResult } from '../faults';
import { inspectorToken } from '../journey';
import { log, type RunContext, type Section } from '../run-context';

export const TITLE = '2. Faults';

export async function run(ctx: RunContext): Promise<Section> {
  const { options, cmd, run, journey, db, stack, dynamo, residents } = ctx;
  if (residents.length < FAULT_KINDS.length) throw new Error(`${residents.length} seeded residents, ${FAULT_KINDS.length} needed (one per fault)`);
  log('faults: injected DynamoDB faults');
  const lines: string[] = ['| fault | request | status | problem+json | title | elapsed ms | ok |', '|---|---|---|---|---|---|---|'];
  let ok = true;
  const inspector = await inspectorToken(`faults-inspector-${run}`);
  const probes: FaultProbeResult[] = [];
  for (const [i, kind] of FAULT_KINDS.entries()) {
    const resident = residents[i];
    const result = await injectedFaultProbe(journey, kind, resident.token, inspector, await journey.code(resident.token));
    probes.push(result);
    for (const r of result.rows) lines.push(`| ${r.kind} | ${r.request} | ${r.status} | ${r.problemJson ? 'yes' : 'no'} | ${r.title} | ${r.elapsedMs} | ${r.ok ? '✓' : '✗'} |`);
    ok &&= result.rows.every((r) => r.ok) && result.retryAfterFaultSucceeded;
  }
  lines.push('', `After each fault was switched off, the refused check-in was sent again and succeeded (nothing half-written): ${probes.map((p) => (p.retryAfterFaultSucceeded ? 'yes' : 'no ✗')).join(', ')}. Retries: SDK standard mode, 3 attempts, 2 s request timeout (functions/adapters/dynamo.ts).`);

  log('faults: killing DynamoDB Local during writes, restarting it on the same data');
  const { result: kill, restarted } = await killDuringWrites(journey, db, stack.tableName, dynamo, residents.slice(0, 20).map((r) => r.person.documentNumber), {
    writersBeforeKill: options.quick ? 40 : 200,
    outageWrites: 8,
  });
  ctx.restartedDynamo = restarted;
  ok &&= kill.missingAfterRestart === 0 && kill.status500 === 0;
  lines.push(
    '',
    `DynamoDB Local killed (SIGKILL) during writes and restarted with \`-dbPath\` on the same folder in ${kill.restartMs} ms: writes acknowledged with 2xx before the kill: **${kill.acknowledgedFeeds} feeds + ${kill.acknowledgedSignIns} sign-ins**; **missing after the restart: ${kill.missingAfterRestart}** (bar 0). During the outage ${kill.refusedDuringOutage} writes were refused, ${kill.status5xxDuringOutage} of them with 5xx; plain 500s over the whole section: ${kill.status500} (bar 0). Acknowledged feeds sent again after the restart: ${kill.resentFeeds} (the audit below checks none was applied twice).`,
  );
  return { title: TITLE, command: `${cmd}  (section 2)`, ok, lines };
}
