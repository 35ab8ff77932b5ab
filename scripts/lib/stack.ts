import { spawn, type ChildProcess } from 'node:child_process';
import { join, dirname } from 'node:path';
import { appendFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startDynamoDbLocal, stopProcess, freePort, type DynamoDbLocal } from './dynamodb-local';
import { ensureTable, localDocumentClient } from './table-admin';
import { seed } from './seed';
import { generateLocalSecrets, type Secrets } from '../../functions/adapters/secrets';
import { TABLE_BASE_NAME } from '../../functions/adapters/table';

export interface LocalStack {
  apiUrl: string;
  dynamoEndpoint: string;
  tableName: string;
  secrets: Secrets;
  seeded: string[];
  stop(): Promise<void>;
}

export interface StackOptions {
  httpPort?: number;
  /** Keep DynamoDB data in this folder instead of memory. */
  dataDir?: string;
  dynamoPort?: number;
  /** Echo serverless-offline's output (npm start) instead of keeping it for error reports (tests). */
  verbose?: boolean;
  /** Append everything the API prints (its JSON logs) to this file, e.g. for the privacy scan. */
  logFile?: string;
  /** Reuse secrets (a persisted stack must keep decrypting what it stored). */
  secrets?: Secrets;
  env?: Record<string, string>;
}

/** Starts `osls offline start --stage local` and waits until GET /v1/health answers. */
async function startApi(opts: { httpPort: number; env: Record<string, string>; verbose: boolean; logFile?: string }): Promise<ChildProcess> {
  const lambdaPort = await freePort();
  const bin = join(process.cwd(), 'node_modules', 'osls', 'bin', 'serverless.js');
  const child = spawn(
    process.execPath,
    ['--import', new URL('./offline-guard.mjs', import.meta.url).href, bin, 'offline', 'start', '--stage', 'local', '--httpPort', String(opts.httpPort), '--lambdaPort', String(lambdaPort), '--noSponsor'],
    { env: { ...process.env, ...opts.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' }, stdio: ['ignore', 'pipe', 'pipe'], detached: false },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
    if (opts.verbose) process.stdout.write(chunk);
    if (opts.logFile) appendFileSync(opts.logFile, chunk);
  };
  if (opts.logFile) mkdirSync(dirname(opts.logFile), { recursive: true });
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${opts.httpPort}/v1/health`;
  // Generous: on a loaded 2-core machine esbuild and serverless-offline take minutes, not seconds.
  const deadline = Date.now() + 360_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`serverless-offline exited with code ${child.exitCode}:\n${output.slice(-5000)}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stopProcess(child);
  throw new Error(`the API did not answer ${url} within 360 s:\n${output.slice(-5000)}`);
}

/**
 * Brings up the whole local stack:
 * 1. DynamoDB Local (Java) on a free port, in memory unless a data folder is given;
 * 2. the table, from the definition serverless.ts deploys;
 * 3. fresh local secrets (or the given ones) and the demo seed;
 * 4. the API through serverless-offline, answering /v1/health.
 */
export async function startLocalStack(options: StackOptions = {}): Promise<LocalStack> {
  const tableName = `${TABLE_BASE_NAME}-local`;
  let dynamo: DynamoDbLocal | undefined;
  let api: ChildProcess | undefined;
  try {
    dynamo = await startDynamoDbLocal({ port: options.dynamoPort, dataDir: options.dataDir });
    const db = localDocumentClient(dynamo.endpoint);
    await ensureTable(db, tableName);
    const secrets = options.secrets ?? generateLocalSecrets();
    const seeded = await seed(db, tableName, new Date(), secrets);
    const httpPort = options.httpPort ?? (await freePort());
    api = await startApi({
      httpPort,
      verbose: options.verbose ?? false,
      logFile: options.logFile,
      env: {
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        SECRETS_JSON: JSON.stringify(secrets),
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'INFO',
        // The stream reader's place: kept with persisted data, throw-away with an in-memory table.
        STREAM_CHECKPOINT_FILE: options.dataDir
          ? join(options.dataDir, 'stream-checkpoint.json')
          : join(mkdtempSync(join(tmpdir(), 'health-code-stream-')), 'checkpoint.json'),
        ...options.env,
      },
    });
    const started = { dynamo, api };
    return {
      apiUrl: `http://127.0.0.1:${httpPort}`,
      dynamoEndpoint: dynamo.endpoint,
      tableName,
      secrets,
      seeded,
      async stop() {
        await stopProcess(started.api);
        await started.dynamo.stop();
      },
    };
  } catch (err) {
    if (api) await stopProcess(api);
    if (dynamo) await dynamo.stop();
    throw err;
  }
}
