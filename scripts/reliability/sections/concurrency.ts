/**
 * Section 7: bursts on one feed id, one resident and one idempotency key, then the invariants of
 * docs/architecture.md over the whole table (the bursts and the audit are ../concurrency.ts).
 */
import { alternatingDeclarations, auditInvariants, faultDuringIdempotentWrite, feedTwoBodies, invariantViolations, type BurstResult } from '../concurrency';
import { invariantLine, log, type RunContext, type Section } from '../run-context';

export const TITLE = '7. Concurrency';

export async function run({ options, cmd, run, journey, db, stack }: RunContext): Promise<Section> {
  const trials = options.quick ? 3 : 20;
  log(`concurrency: ${trials} trials of each burst`);
  const bursts: Array<[string, BurstResult]> = [
    ['one feed id, body A 6 times and body B 3 times in parallel: one body applied, the other 409 with nothing written', await feedTwoBodies(journey, run, trials)],
    ['10 parallel declarations alternating no symptoms and a cough on one resident: no 500, no 4xx', await alternatingDeclarations(journey, run, trials)],
    ['a declaration with an Idempotency-Key while the final UpdateItem fails (503), then the same request twice: 201 both times, the same answer, the write stored once', await faultDuringIdempotentWrite(journey, db, stack.tableName, run, trials)],
  ];
  await journey.send('DELETE', '/v1/dev/faults');
  const audit = await auditInvariants(db, stack.tableName);
  const violations = invariantViolations(audit) + bursts.reduce((n, [, b]) => n + b.violations, 0);
  return {
    title: TITLE,
    command: `${cmd}  (section 7; ${trials} trials each)`,
    ok: violations === 0,
    lines: [
      '| burst | trials | trials violating | ',
      '|---|---|---|',
      ...bursts.map(([what, b]) => `| ${what} | ${b.trials} | ${b.violations} |`),
      '',
      invariantLine(audit, 'after the bursts'),
      ...[...bursts.flatMap(([, b]) => b.notes), ...audit.statusNotRuled, ...audit.bindingWithoutHolder, ...audit.idempotencyStuck].slice(0, 20).map((p) => `- ✗ ${p}`),
      '',
      'Deletion racing other writes is not replayed yet (deletion as a state comes with the ports refactor).',
    ],
  };
}
