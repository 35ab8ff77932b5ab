/**
 * `npm run reliability`: load, faults, bad input, access, privacy and audit integrity, measured on a
 * local stack this runner starts itself (DynamoDB Local in persist mode on a fixed port, so it can be
 * killed and restarted on the same data), printed as a table and written to docs/reliability.md.
 * Every figure in the report comes with the command that produced it. One file per section in
 * sections/; they run in this order:
 * 1. bad input while the table is small (snapshots are Scans);
 * 2. access; the privacy journey with known people; residents seeded for the load; load; faults;
 *    concurrency; audit; the privacy scan of every answer and the whole API log;
 * 3. once this stack is down, the API test suite (`npm test -- tests/api`) with its own log capture,
 *    that log scanned the same way (skipped by --quick and --no-api-suite).
 *
 * Options: --duration <s> (60) --connections <n> (50) --fuzz-cases <n> (60) --residents <n> (120)
 *          --quick (10 s runs, 10 fuzz cases, 40 residents, no API suite: a smoke run, not a report)
 *          --no-api-suite (skip the API suite) --api-suite (run it even with --quick)
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalStack, type LocalStack } from '../lib/stack';
import { freePort } from '../lib/dynamodb-local';
import { localDocumentClient } from '../lib/table-admin';
import { routeCatalog } from './catalog';
import { httpTarget } from './target';
import { Journey } from './journey';
import { writeReport, inOrder } from './report';
import { CLOCK_SCOPE, USAGE, WORK, fmt, log, parseOptions, type RunContext, type Section } from './run-context';
import * as access from './sections/access';
import * as audit from './sections/audit';
import * as badInput from './sections/bad-input';
import * as concurrency from './sections/concurrency';
import * as faults from './sections/faults';
import * as load from './sections/load';
import * as privacy from './sections/privacy';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = Date.now();
  const sections: Section[] = [];
  const cmd = `npm run reliability${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  /** Runs one step; if it throws, the report says where it stopped and the next step runs. */
  const guard = async <T>(title: string, step: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await step();
    } catch (err) {
      log(`${title}: stopped: ${(err as Error).stack ?? String(err)}`);
      sections.push({ title, command: cmd, ok: false, lines: [`The section stopped with an error: ${(err as Error).message.split('\n')[0]}`] });
      return undefined;
    }
  };
  const section = async (title: string, step: () => Promise<Section>) => {
    const done = await guard(title, step);
    if (done) sections.push(done);
    return done;
  };

  const ctx = await startStack(options, cmd);
  let privacySection: Section | undefined;
  try {
    await section(badInput.TITLE, () => badInput.run(ctx));
    await section(access.TITLE, () => access.run(ctx));
    const walked = await guard(privacy.TITLE, async () => (await privacy.walk(ctx), true));
    await guard(`${load.TITLE} (seeding residents)`, () => load.seedResidents(ctx));
    await section(load.TITLE, () => load.run(ctx));
    await section(faults.TITLE, () => faults.run(ctx));
    await section(concurrency.TITLE, () => concurrency.run(ctx));
    await section(audit.TITLE, () => audit.run(ctx));
    if (walked) privacySection = await section(privacy.TITLE, () => privacy.run(ctx));
  } finally {
    // Never leave a fault plan behind.
    await ctx.journey.send('DELETE', '/v1/dev/faults').catch(() => undefined);
    if (ctx.restartedDynamo) await ctx.restartedDynamo.stop();
    await ctx.stop();
  }
  if (privacySection) await guard(`${privacy.TITLE} (API suite)`, () => privacy.addApiSuite(privacySection, options));

  const elapsedS = (Date.now() - startedAt) / 1000;
  writeReport(sections, options, elapsedS, cmd);
  const failed = sections.filter((s) => !s.ok);
  for (const s of inOrder(sections)) console.log(`${s.ok ? 'PASS' : 'FAIL'}  ${s.title}`);
  console.log(`npm run reliability: ${sections.length - failed.length}/${sections.length} sections green in ${fmt(elapsedS)} s; report: docs/reliability.md`);
  if (failed.length) process.exitCode = 1;
}

/** Starts the stack (data in .build/reliability/dynamodb, API log in .build/reliability/api.log) and the run's context. */
async function startStack(options: RunContext['options'], cmd: string): Promise<RunContext & { stop(): Promise<void> }> {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const dataDir = join(WORK, 'dynamodb');
  const logFile = join(WORK, 'api.log');
  const port = await freePort();
  log(`starting the local stack (DynamoDB Local persisted in ${dataDir}, port ${port})`);
  let stack: LocalStack | undefined;
  // serverless-offline bundles every function at start; on a loaded machine that can miss the
  // stack's 120 s deadline once. Two more tries, on a clean data folder each time.
  for (let attempt = 1; !stack; attempt++) {
    try {
      stack = await startLocalStack({ dataDir, dynamoPort: port, logFile });
    } catch (err) {
      if (attempt >= 3) throw err;
      log(`the stack did not come up (${(err as Error).message.split('\n')[0]}); trying again`);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  // Tokens minted in this process must be signed with the stack's keys, and its table read directly.
  Object.assign(process.env, { SECRETS_JSON: JSON.stringify(stack.secrets), DYNAMODB_ENDPOINT: stack.dynamoEndpoint, TABLE_NAME: stack.tableName, STAGE: 'local' });
  const target = httpTarget(stack.apiUrl);
  return {
    options,
    cmd,
    run: randomUUID().slice(0, 8),
    catalog: routeCatalog(),
    target,
    journey: new Journey(target, CLOCK_SCOPE),
    db: localDocumentClient(stack.dynamoEndpoint),
    stack,
    dynamo: { port, dataDir },
    logFile,
    people: [],
    residents: [],
    stop: () => stack.stop(),
  };
}

main().catch((err: unknown) => {
  console.error(err instanceof Error && err.message.includes(USAGE) ? err.message : err);
  process.exit(1);
});
