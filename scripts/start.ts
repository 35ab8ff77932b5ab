/**
 * `npm start`: the whole local stack in one command.
 *   npm start                 in-memory DynamoDB Local, fresh keys, demo data
 *   npm start -- --persist    keep data (and the keys that encrypt it) in .local/
 *
 * If DynamoDB Local or the API dies, it is restarted and the console says so (scripts/lib/stack.ts).
 * It runs as the npm script's own process (package.json execs node, no wrapper in between), so a
 * signal to npm or to the whole group reaches it; it also notices npm going away (SIGHUP, kill) and
 * stops everything, Java included, within 10 s.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalStack, type LocalStack } from './lib/stack';
import { portInUse } from './lib/dynamodb-local';
import { USAGE, jobLine, parseStartArgs, portFromEnv, suggestPort } from './lib/start-options';
import { addDays, shanghaiDay } from '../shared/time';
import { generateLocalSecrets, secretsSchema, type Secrets } from '../functions/adapters/secrets';
import { LOCAL_AUTHORITY_KEY, DEMO_CHECKPOINT, DEMO_INSPECTOR_SUBJECT } from './lib/seed';
import { buildConsole } from './lib/console';

let HTTP_PORT = 3000;
let DYNAMO_PORT = 8000;
let persist = false;
// LOCAL_DATA_DIR: where --persist keeps its data (tests point it at a scratch folder).
const localDir = process.env.LOCAL_DATA_DIR || join(process.cwd(), '.local');

function persistedSecrets(): Secrets {
  const file = join(localDir, 'secrets.json');
  if (existsSync(file)) {
    const kept = secretsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    if (kept.codeKeySeed) return kept;
    // Kept from before keys rotated by themselves: add a seed, so codes go on after the old key's year.
    const upgraded = { ...kept, codeKeySeed: generateLocalSecrets().codeKeySeed };
    writeFileSync(file, JSON.stringify(upgraded, null, 2), { mode: 0o600 });
    return upgraded;
  }
  mkdirSync(localDir, { recursive: true });
  const fresh = generateLocalSecrets();
  writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600 });
  return fresh;
}

/** Tomorrow 09:00 in Asia/Shanghai, so the banner's clock example is always a day ahead of today. */
function tomorrowMorning(now = new Date()): string {
  return `${addDays(shanghaiDay(now), 1)}T09:00:00+08:00`;
}

function banner(stack: LocalStack): string {
  const api = `http://localhost:${HTTP_PORT}`;
  return [
    '',
    '  丽水健康码 · local stack is up',
    '',
    `  API             ${api}   (serverless-offline, stage "local")`,
    `  Console         ${api}/console   (sign in with 测试账号 demo-proposer, demo-approver, demo-lead, demo-viewer)`,
    `  DynamoDB Local  ${stack.dynamoEndpoint}   table ${stack.tableName}${persist ? ', data kept in .local/dynamodb' : ', in memory'}`,
    `  Seeded          ${stack.seeded.join('; ')}`,
    '',
    '  Try (each line runs as it is; # starts a comment):',
    `    curl ${api}/v1/health`,
    `    curl -X POST ${api}/v1/resident/sessions -H 'content-type: application/json' -d '{"provider":"sandbox","subject":"demo-resident-1"}'`,
    `    curl -X POST ${api}/v1/inspector/sessions -H 'content-type: application/json' -d '{"provider":"sandbox","subject":"${DEMO_INSPECTOR_SUBJECT}"}'`,
    `    curl ${api}/v1/keys`,
    `    curl '${api}/v1/authority/checkpoints/${DEMO_CHECKPOINT.id}/stats?day=${shanghaiDay(new Date())}' -H 'x-authority-key: ${LOCAL_AUTHORITY_KEY}'   # authority routes take this header`,
    `    curl -X POST ${api}/v1/dev/clock -H 'content-type: application/json' -d '{"now":"${tomorrowMorning()}"}'   # move the clock; due jobs run at once`,
    `    curl -X DELETE ${api}/v1/dev/clock   # back to real time`,
    '',
    `  API reference   ${api}/docs   (OpenAPI 3.1 at ${api}/openapi.json)`,
    '  Schedules       auto-convert every 5 min, ruleset activation every 5 min, audit sample hourly, on the dev clock:',
    '                  moving the clock runs the jobs that fall due at once.',
    '',
    '  Mini-programs: npm run build:mini, then open mini-program/resident/dist or mini-program/inspector/dist in the IDE (see README).',
    '  Press Ctrl-C to stop everything (Java included).',
    '',
  ].join('\n');
}

/** Longest a stop may take before the remaining children are killed outright. */
const STOP_DEADLINE_MS = 8000;

async function main(): Promise<void> {
  const args = parseStartArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  persist = args.persist;
  HTTP_PORT = portFromEnv('PORT', 3000);
  DYNAMO_PORT = portFromEnv('DYNAMODB_PORT', 8000);

  // Signals are watched from the first moment: a stop during start-up must not leave Java behind.
  const aborted = new AbortController();
  let stack: LocalStack | undefined;
  let stopping = false;
  const stop = async (why: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    aborted.abort();
    console.log(`\n${why}: stopping the API and DynamoDB Local…`);
    setTimeout(() => {
      console.error(`Still stopping after ${STOP_DEADLINE_MS / 1000} s: leaving now.`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    if (stack) await stack.stop();
    console.log('Stopped.');
    process.exit(exitCode);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
  // npm itself may go without passing a signal on (SIGHUP, SIGKILL): then this process is re-parented.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop('npm exited');
  }, 500).unref();

  if (await portInUse(HTTP_PORT)) {
    const free = await suggestPort(HTTP_PORT);
    console.error(`Port ${HTTP_PORT} is already in use: a local stack (npm start) is probably running already.`);
    console.error(`Stop it with Ctrl-C in its terminal${free ? `, or start another one on a free port: PORT=${free} npm start` : ', or choose another free port with PORT=<port> npm start'}`);
    process.exit(1);
  }
  const dynamoPort = (await portInUse(DYNAMO_PORT)) ? undefined : DYNAMO_PORT;
  if (dynamoPort === undefined) console.log(`DYNAMODB_PORT ${DYNAMO_PORT} is taken: DynamoDB Local gets a free port instead.`);
  console.log(`Starting DynamoDB Local, creating the table, seeding, and starting the API on port ${HTTP_PORT}…`);
  const started = Date.now();
  const verbose = process.env.VERBOSE === '1';
  try {
    await buildConsole(); // served by the API at /console (functions/http/console-static)
    stack = await startLocalStack({
      httpPort: HTTP_PORT,
      dynamoPort,
      dataDir: persist ? join(localDir, 'dynamodb') : undefined,
      secrets: persist ? persistedSecrets() : undefined,
      verbose,
      echoErrors: true,
      schedules: true,
      docs: true,
      signal: aborted.signal,
      supervise: true,
      onNotice: (line) => console.log(`  [stack] ${line}`),
      onFatal: (reason) => void stop(`The local stack cannot recover (${reason})`, 1),
      onJobRun: (run) => {
        const line = jobLine(run, verbose);
        if (line) console.log(line);
      },
    });
  } catch (err) {
    if (stopping) return; // the stop under way exits
    throw err;
  }
  if (stopping) {
    await stack.stop();
    return;
  }
  console.log(banner(stack));
  console.log(`  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
