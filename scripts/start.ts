/**
 * `npm start`: the whole local stack in one command.
 *   npm start                 in-memory DynamoDB Local, fresh keys, demo data
 *   npm start -- --persist    keep data (and the keys that encrypt it) in .local/
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalStack, type LocalStack } from './lib/stack';
import { portInUse } from './lib/dynamodb-local';
import { addDays, shanghaiDay } from '../shared/time';
import { generateLocalSecrets, secretsSchema, type Secrets } from '../functions/adapters/secrets';
import { LOCAL_AUTHORITY_KEY, DEMO_CHECKPOINT, DEMO_INSPECTOR_SUBJECT } from './lib/seed';
import { buildConsole } from './lib/console';

const HTTP_PORT = Number(process.env.PORT ?? 3000);
const DYNAMO_PORT = Number(process.env.DYNAMODB_PORT ?? 8000);
const persist = process.argv.includes('--persist');
const localDir = join(process.cwd(), '.local');

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
    '  Try:',
    `    curl ${api}/v1/health`,
    `    curl -X POST ${api}/v1/resident/sessions -H 'content-type: application/json' -d '{"provider":"sandbox","subject":"demo-resident-1"}'`,
    `    curl -X POST ${api}/v1/inspector/sessions -H 'content-type: application/json' -d '{"provider":"sandbox","subject":"${DEMO_INSPECTOR_SUBJECT}"}'`,
    `    curl ${api}/v1/keys`,
    `    authority routes take the header  x-authority-key: ${LOCAL_AUTHORITY_KEY}   (checkpoint: ${DEMO_CHECKPOINT.id})`,
    `    curl -X POST ${api}/v1/dev/clock -H 'content-type: application/json' -d '{"now":"${tomorrowMorning()}"}'   (move the clock; DELETE /v1/dev/clock goes back)`,
    '',
    '  Mini-programs: npm run build:mini, then open mini-program/resident/dist or mini-program/inspector/dist in the IDE (see README).',
    '  Press Ctrl-C to stop everything (Java included).',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  if (await portInUse(HTTP_PORT)) {
    console.error(`Port ${HTTP_PORT} is already in use: a local stack (npm start) is probably running already.`);
    console.error(`Stop it with Ctrl-C in its terminal, or start another one on a different port: PORT=3100 npm start`);
    process.exit(1);
  }
  const dynamoPort = (await portInUse(DYNAMO_PORT)) ? undefined : DYNAMO_PORT;
  console.log(`Starting DynamoDB Local, creating the table, seeding, and starting the API on port ${HTTP_PORT}…`);
  const started = Date.now();
  await buildConsole(); // served by the API at /console (functions/http/console-static)
  const stack = await startLocalStack({
    httpPort: HTTP_PORT,
    dynamoPort,
    dataDir: persist ? join(localDir, 'dynamodb') : undefined,
    secrets: persist ? persistedSecrets() : undefined,
    verbose: process.env.VERBOSE === '1',
    echoErrors: true,
  });
  console.log(banner(stack));
  console.log(`  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the API and DynamoDB Local…`);
    await stack.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
