/**
 * Section 7: bursts on one feed id, one resident and one idempotency key, then the invariants of
 * docs/architecture.md over the whole table (the bursts and the audit are ../concurrency.ts).
 */
import { alternatingDeclarations, auditInvariants, deletionRacingWrites, faultDuringIdempotentWrite, feedTwoBodies, invariantLine, invariantNotes, invariantViolations, registrationRacingDeletion, type BurstResult } from '../concurrency';
import { log, type RunContext, type Section } from '../run-context';

export const TITLE = '7. Concurrency';

export async function run({ options, cmd, run, journey, db, stack }: RunContext): Promise<Section> {
  const trials = options.quick ? 3 : 20;
  log(`concurrency: ${trials} trials of each burst`);
  const bursts: Array<[string, BurstResult]> = [
    ['one feed id, body A 6 times and body B 3 times in parallel: one body applied, the other 409 with nothing written', await feedTwoBodies(journey, run, trials)],
    ['20 parallel declarations alternating no symptoms and a cough, two check-ins and a feed on one resident: no 500, one check-in 409, no other 4xx; the colour is the rules\' (audit)', await alternatingDeclarations(journey, run, trials)],
    ['a declaration with an Idempotency-Key while the final UpdateItem fails (503), then the same request twice: 201 both times, the same answer, the write stored once', await faultDuringIdempotentWrite(journey, db, stack.tableName, run, trials)],
    ['DELETE /v1/resident/account racing declarations, a check-in, a dependent\'s declaration, a dependent add and a feed: DELETE ends 204, no 500, nothing personal left (audit)', await deletionRacingWrites(journey, run, trials)],
    ['a profile registration racing the account\'s deletion, then the same person signs in and registers again: 201', await registrationRacingDeletion(journey, run, trials)],
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
      ...[...bursts.flatMap(([, b]) => b.notes), ...invariantNotes(audit)].slice(0, 20).map((p) => `- ✗ ${p}`),
    ],
  };
}
