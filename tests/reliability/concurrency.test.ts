/**
 * The concurrency section of `npm run reliability` (scripts/reliability/concurrency.ts), with a few
 * trials of each burst over HTTP against the running stack, and the invariant audit limited to what
 * these bursts made (the shared table holds other tests' items too). The fault burst is not here:
 * POST /v1/dev/faults would break the other test files sharing the stack; its npm test variant is
 * tests/integration/adapters/idempotency.test.ts, with faults on a client of its own.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamo';
import { keys } from '../../functions/adapters/keys';
import { syntheticPerson } from '../../scripts/reliability/people';
import { shanghaiDay } from '../../shared/time';
import { Journey } from '../../scripts/reliability/journey';
import { accountOf, auditInvariants, deletionRacingWrites, feedTwoBodies, alternatingDeclarations, invariantNotes, invariantViolations, registrationRacingDeletion, scopeOf, type BurstResult } from '../../scripts/reliability/concurrency';
import { httpTarget } from '../../scripts/reliability/target';
import { apiUrl } from '../support/http';

const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const tableName = process.env.TABLE_NAME!;
// `npm run reliability` runs 20 trials of each; the shared 2-core machine gets a few here
// (CONCURRENCY_TRIALS=20 runs the full count against the test stack).
const TRIALS = Number(process.env.CONCURRENCY_TRIALS ?? 3);
// Declarations per burst on one resident: 20 in `npm run reliability`.
const DECLARATIONS = TRIALS >= 20 ? 20 : 8;
const SLOW = 240_000 * Math.max(1, TRIALS / 3);

afterAll(() => db.destroy());

describe('concurrency bursts (issue 16), each followed by the invariants over what it made', () => {
  const journey = new Journey(httpTarget(apiUrl()), 'reliability-concurrency');
  const run = randomUUID().slice(0, 8);

  async function expectClean(burst: BurstResult) {
    expect(burst.notes).toEqual([]);
    expect(burst.violations).toBe(0);
    const audit = await auditInvariants(db, tableName, new Date(), scopeOf([burst]));
    expect(invariantNotes(audit)).toEqual([]);
    expect(invariantViolations(audit)).toBe(0);
    return audit;
  }

  test(`deletion racing every other write (${TRIALS} trials): DELETE ends 204, nothing personal left`, async () => {
    const audit = await expectClean(await deletionRacingWrites(journey, run, TRIALS));
    expect(audit.deletions).toBe(TRIALS);
  }, SLOW);

  test(`a registration racing the deletion (${TRIALS} trials): the person can always register again`, async () => {
    await expectClean(await registrationRacingDeletion(journey, run, TRIALS));
  }, SLOW);

  test(`one feed id with two bodies (${TRIALS} trials): one body applied, the other 409 with nothing written`, async () => {
    const audit = await expectClean(await feedTwoBodies(journey, run, TRIALS));
    expect(audit.feeds).toBe(TRIALS);
  }, SLOW);

  test(`${DECLARATIONS} parallel declarations alternating clean and a cough, two check-ins and a feed on one resident (${TRIALS} trials): the colour is the rules' over the stored facts`, async () => {
    const audit = await expectClean(await alternatingDeclarations(journey, run, TRIALS, DECLARATIONS));
    expect(audit.holders).toBe(TRIALS);
  }, SLOW);

  // The audit can fail: a check-in stored behind the status's back, and a colour set by hand.
  test('the audit finds a stored check-in the status did not count, and a colour the rules do not give', async () => {
    const { token } = await journey.registeredResident(`audit-self-${run}`, syntheticPerson());
    const accountId = accountOf(token);
    const scope = { accounts: new Set([accountId]) };
    expect(invariantViolations(await auditInvariants(db, tableName, new Date(), scope))).toBe(0);
    const account = (await db.send(new GetCommand({ TableName: tableName, Key: keys.account(accountId) }))).Item!;
    const holderId = String(account.holderId ?? accountId);
    const status = (await db.send(new GetCommand({ TableName: tableName, Key: keys.status(holderId) }))).Item!;
    const day = shanghaiDay(new Date(String(status.evaluatedAt)));
    await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.checkin(holderId, day), day, temperature: 36.5, symptoms: [], at: status.evaluatedAt } }));
    const streakAudit = await auditInvariants(db, tableName, new Date(), scope);
    expect(invariantNotes(streakAudit)).toEqual([`HOLDER#${holderId}: stored streak ${status.streak}, the stored check-ins give ${Number(status.streak) + 1}`]);
    await db.send(new UpdateCommand({ TableName: tableName, Key: keys.status(holderId), UpdateExpression: 'SET color = :c', ExpressionAttributeValues: { ':c': 'red' } }));
    const colourAudit = await auditInvariants(db, tableName, new Date(), scope);
    expect(invariantNotes(colourAudit)).toEqual([`HOLDER#${holderId}: stored red, the rules give green`]);
  }, 60_000);
});
