import { spawn, type ChildProcess } from 'node:child_process';
import { join, dirname } from 'node:path';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startDynamoDbLocal, stopProcess, freePort, type DynamoDbLocal } from './dynamodb-local';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { ensureTable, localClientConfig, localDocumentClient } from './table-admin';
import { seed } from './seed';
import { startSchedules, type JobRun } from './schedules';
import { generateLocalSecrets, type Secrets } from '../../functions/adapters/secrets';
import { TABLE_BASE_NAME } from '../../functions/adapters/table';
import { problemsByStatus } from '../../functions/middleware/problem';

export interface LocalStack {
  apiUrl: string;
  dynamoEndpoint: string;
  tableName: string;
  secrets: Secrets;
  seeded: string[];
  /** How often the API was restarted to follow a new stream shard (see startLocalStack). */
  readonly apiRestarts: number;
  /** How often supervision brought DynamoDB Local or the API back after it died. */
  readonly recoveries: number;
  stop(): Promise<void>;
}

export interface StackOptions {
  httpPort?: number;
  /** Keep DynamoDB data in this folder instead of memory. */
  dataDir?: string;
  dynamoPort?: number;
  /** Echo serverless-offline's output (npm start) instead of keeping it for error reports (tests). */
  verbose?: boolean;
  /** Without `verbose`, still print the API's error log lines (npm start: a 500 must never be silent). */
  echoErrors?: boolean;
  /** Append everything the API prints (its JSON logs) to this file, e.g. for the privacy scan. */
  logFile?: string;
  /** Reuse secrets (a persisted stack must keep decrypting what it stored). */
  secrets?: Secrets;
  env?: Record<string, string>;
  /**
   * How often to look for a new shard in the table's stream, in ms (default 5 minutes; 0: never).
   * DynamoDB Local closes a stream shard and opens the next one every 4 hours, and the stream reader
   * (serverless-offline-dynamodb-streams) reads the shards listed when the API started: without a
   * restart, checkpoint statistics would stop after 4 hours of `npm start`.
   */
  streamWatchMs?: number;
  /**
   * Run the scheduled jobs on their rates, on the global dev clock (npm start). Off for the test
   * stack: tests run jobs themselves, at their own clock scopes.
   */
  schedules?: boolean;
  /** Aborts a start under way (npm start stopped during start-up): whatever started is stopped. */
  signal?: AbortSignal;
  /** Serve the API reference at /docs and /openapi.json (npm start; the test stack has no need). */
  docs?: boolean;
  /** Told of every scheduled run (npm start prints the ones that did something). */
  onJobRun?: (run: JobRun) => void;
  /**
   * Restart DynamoDB Local and the API when either dies (npm start). DynamoDB Local comes back on the
   * same port; without a data folder its data is gone, so the table is made again and re-seeded; the
   * API is restarted after it either way, so its stream reader follows the table's (new) stream.
   */
  supervise?: boolean;
  /** Told, in plain words, what supervision saw and did (npm start prints it). */
  onNotice?: (line: string) => void;
  /** Supervision gave up (the same part died again and again): the stack is stopped by the caller. */
  onFatal?: (reason: string) => void;
}

/** At most this many recoveries in RESTART_WINDOW_MS, then supervision gives up rather than loop. */
export const MAX_RESTARTS = 5;
export const RESTART_WINDOW_MS = 5 * 60_000;

/** How a child ended, in words. */
export function exitWords(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `killed by ${signal}`;
  return code === null ? 'ended' : `exit code ${code}`;
}

/** The table's current stream and the ids of its shards (closed ones too, until DynamoDB trims them). */
async function streamShards(db: DynamoDBDocumentClient, streams: DynamoDBStreamsClient, tableName: string): Promise<{ arn: string; ids: Set<string> }> {
  const table = await db.send(new DescribeTableCommand({ TableName: tableName }));
  const arn = table.Table?.LatestStreamArn ?? '';
  const ids = new Set<string>();
  let ExclusiveStartShardId: string | undefined;
  while (arn) {
    const out = await streams.send(new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId }));
    for (const shard of out.StreamDescription?.Shards ?? []) if (shard.ShardId) ids.add(shard.ShardId);
    ExclusiveStartShardId = out.StreamDescription?.LastEvaluatedShardId;
    if (!ExclusiveStartShardId) break;
  }
  return { arn, ids };
}

/** Whether the stream reader must restart: a new stream or a new shard. Shards trimmed after 24 hours need no restart. */
export function hasNewShard(before: { arn: string; ids: ReadonlySet<string> }, now: { arn: string; ids: ReadonlySet<string> }): boolean {
  return now.arn !== before.arn || [...now.ids].some((id) => !before.ids.has(id));
}

/** The API's structured log lines at level ERROR (Powertools JSON), and serverless-offline's own failures. */
export function errorLines(text: string): string[] {
  return text.split('\n').filter((line) => /"level":"ERROR"/.test(line) || /^\s*✖|Error: /.test(line));
}

/** The last output of each API process started here, to say why one died. */
const apiOutput = new WeakMap<ChildProcess, () => string>();

/** Starts `osls offline start --stage local` and waits until GET /v1/health answers. */
async function startApi(opts: { httpPort: number; env: Record<string, string>; verbose: boolean; echoErrors?: boolean; logFile?: string }, signal?: AbortSignal): Promise<ChildProcess> {
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
    else if (opts.echoErrors) for (const line of errorLines(chunk.toString())) process.stderr.write(`${line}\n`);
    if (opts.logFile) appendFileSync(opts.logFile, chunk);
  };
  if (opts.logFile) mkdirSync(dirname(opts.logFile), { recursive: true });
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  apiOutput.set(child, () => output);
  const url = `http://127.0.0.1:${opts.httpPort}/v1/health`;
  // Generous: on a loaded 2-core machine esbuild and serverless-offline take minutes, not seconds.
  const deadline = Date.now() + 360_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`serverless-offline exited with code ${child.exitCode}:\n${output.slice(-5000)}`);
    if (signal?.aborted) {
      await stopProcess(child);
      throw new Error('the stack was stopped while the API started');
    }
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

/** Generates the OpenAPI document into a fresh folder the API serves it from (offline-guard.mjs). */
async function writeOpenApi(): Promise<string> {
  const { buildOpenApi } = await import('./openapi');
  const { document, undocumented } = await buildOpenApi();
  if (undocumented.length) console.warn(`API reference: no entry in scripts/lib/api-operations.ts for ${undocumented.join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'health-code-docs-'));
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document, null, 2));
  return dir;
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
    if (options.signal?.aborted) throw new Error('the stack was stopped while it started');
    const db = localDocumentClient(dynamo.endpoint);
    await ensureTable(db, tableName);
    const secrets = options.secrets ?? generateLocalSecrets();
    const seeded = await seed(db, tableName, new Date(), secrets);
    const httpPort = options.httpPort ?? (await freePort());
    const docsDir = options.docs ? await writeOpenApi() : undefined;
    const apiOptions = {
      httpPort,
      verbose: options.verbose ?? false,
      echoErrors: options.echoErrors ?? false,
      logFile: options.logFile,
      env: {
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        SECRETS_JSON: JSON.stringify(secrets),
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'INFO',
        // serverless-offline's own refusals (413, 404) become the same problem+json (offline-guard.mjs).
        PROBLEM_CATALOG: JSON.stringify(problemsByStatus()),
        ...(docsDir ? { DOCS_DIR: docsDir } : {}),
        // The stream reader's place: kept with persisted data, throw-away with an in-memory table.
        STREAM_CHECKPOINT_FILE: options.dataDir
          ? join(options.dataDir, 'stream-checkpoint.json')
          : join(mkdtempSync(join(tmpdir(), 'health-code-stream-')), 'checkpoint.json'),
        ...options.env,
      },
    };
    const streams = new DynamoDBStreamsClient(localClientConfig(dynamo.endpoint));
    let known = await streamShards(db, streams, tableName);
    api = await startApi(apiOptions, options.signal);
    const started = { dynamo, api, restarts: 0, recoveries: 0 };

    // Follow the stream's shards: when a shard or stream appears that the API did not start with (a
    // rollover, or a stream switched off and on), restart the API. The reader resumes the closed shard
    // from its checkpoint file and reads the new one from its start: no scan lost or counted twice.
    let work: Promise<void> = Promise.resolve();
    const stopping = new AbortController();
    const watchMs = options.streamWatchMs ?? 300_000;
    const watch = async () => {
      const now = await streamShards(db, streams, tableName).catch(() => known);
      const fresh = hasNewShard(known, now);
      known = now;
      if (!fresh || stopping.signal.aborted) return;
      const at = Date.now();
      if (apiOptions.verbose) console.log('The table stream has a new shard (DynamoDB Local opens one every 4 hours): restarting the API so the stream reader follows it…');
      await restartApi();
      started.restarts++;
      if (apiOptions.verbose) console.log(`API restarted in ${((Date.now() - at) / 1000).toFixed(1)} s.`);
    };
    const follow = () => {
      work = work.then(watch).catch((err: unknown) => {
        if (!stopping.signal.aborted) console.error('stream watch:', err);
      });
    };

    // Supervision: a child that dies without being asked to is restarted, one recovery at a time.
    const notice = options.onNotice ?? (() => undefined);
    const intended = new WeakSet<ChildProcess>();
    const recent: number[] = [];
    let outage = false;
    const stopChild = async (child: ChildProcess) => {
      intended.add(child);
      await stopProcess(child);
    };
    const giveUp = (reason: string) => {
      if (stopping.signal.aborted) return;
      notice(`Giving up: ${reason}. Stopping the local stack.`);
      options.onFatal?.(reason);
    };
    const budget = (): boolean => {
      const now = Date.now();
      while (recent.length && now - recent[0]! > RESTART_WINDOW_MS) recent.shift();
      recent.push(now);
      return recent.length <= MAX_RESTARTS;
    };
    const restartApi = async () => {
      await stopChild(started.api);
      started.api = await startApi(apiOptions, stopping.signal);
      superviseApi(started.api);
    };
    const recoverDynamo = async (how: string) => {
      if (stopping.signal.aborted) return;
      const at = Date.now();
      outage = true;
      if (!budget()) return giveUp(`DynamoDB Local stopped ${MAX_RESTARTS + 1} times within ${RESTART_WINDOW_MS / 60_000} minutes`);
      notice(`DynamoDB Local stopped unexpectedly (${how}). Until it is back the API answers 503 and /v1/health says "degraded". Restarting it on port ${started.dynamo.port}…`);
      let fresh: DynamoDbLocal | undefined;
      for (let attempt = 1; !fresh; attempt++) {
        try {
          fresh = await startDynamoDbLocal({ port: started.dynamo.port, dataDir: options.dataDir });
        } catch (err) {
          // The old process may still hold the port for a moment.
          if (attempt >= 5 || stopping.signal.aborted) throw err;
          await new Promise((r) => setTimeout(r, 1000 * attempt));
        }
      }
      if (stopping.signal.aborted) {
        await fresh.stop();
        return;
      }
      started.dynamo = fresh;
      superviseDynamo(fresh.process);
      const table = await ensureTable(db, tableName);
      if (options.dataDir) {
        notice(`DynamoDB Local is back with the data kept in ${options.dataDir} (--persist): nothing that was stored is lost.`);
      } else {
        await seed(db, tableName, new Date(), secrets);
        notice(`DynamoDB Local is back, but its data was in memory (npm start without --persist): everything stored before is gone. The table was ${table === 'created' ? 'made again' : 'kept'} and the demo data seeded again.`);
      }
      notice('Restarting the API so it reads the table again…');
      await restartApi();
      known = await streamShards(db, streams, tableName).catch(() => known);
      outage = false;
      started.recoveries++;
      notice(`Recovered in ${((Date.now() - at) / 1000).toFixed(1)} s: the API answers again at http://127.0.0.1:${httpPort}.`);
    };
    const recoverApi = async (how: string, child: ChildProcess) => {
      if (stopping.signal.aborted || child !== started.api) return;
      const at = Date.now();
      if (!budget()) return giveUp(`the API stopped ${MAX_RESTARTS + 1} times within ${RESTART_WINDOW_MS / 60_000} minutes`);
      const why = errorLines(apiOutput.get(child)?.() ?? '').slice(-3);
      notice(`The API (serverless-offline) stopped unexpectedly (${how}). Restarting it…${why.length ? `\n    last error: ${why.join('\n    ')}` : ''}`);
      await restartApi();
      started.recoveries++;
      notice(`Recovered in ${((Date.now() - at) / 1000).toFixed(1)} s: the API answers again at http://127.0.0.1:${httpPort}.`);
    };
    const queue = (step: () => Promise<void>) => {
      work = work.then(step).catch((err: unknown) => {
        if (!stopping.signal.aborted) giveUp(`the restart failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      });
    };
    // Ctrl-C reaches the whole process group: the children may die a moment before the stop is under
    // way. A death is acted on only if no stop began within half a second of it.
    const afterSettling = (act: () => void, child: ChildProcess) => {
      setTimeout(() => {
        if (!intended.has(child) && !stopping.signal.aborted && !options.signal?.aborted) act();
      }, 500);
    };
    function superviseDynamo(child: ChildProcess) {
      if (!options.supervise) return;
      child.once('exit', (code, signal) => afterSettling(() => queue(() => recoverDynamo(exitWords(code, signal))), child));
    }
    function superviseApi(child: ChildProcess) {
      if (!options.supervise) return;
      child.once('exit', (code, signal) => afterSettling(() => queue(() => recoverApi(exitWords(code, signal), child)), child));
    }
    superviseDynamo(started.dynamo.process);
    superviseApi(started.api);
    const timer = watchMs > 0 ? setInterval(follow, watchMs) : undefined;
    timer?.unref();
    const schedules = options.schedules
      ? startSchedules({
          apiUrl: `http://127.0.0.1:${httpPort}`,
          db,
          tableName,
          onRun: options.onJobRun,
          onError: (name, err) => {
            // During a recovery every tick fails: the supervision notices already say why.
            if (!stopping.signal.aborted && !outage) console.error(`scheduled job ${name}:`, err instanceof Error ? err.message : err);
          },
        })
      : undefined;

    return {
      apiUrl: `http://127.0.0.1:${httpPort}`,
      dynamoEndpoint: dynamo.endpoint,
      tableName,
      secrets,
      seeded,
      get apiRestarts() {
        return started.restarts;
      },
      get recoveries() {
        return started.recoveries;
      },
      async stop() {
        // A restart under way is cut short: its half-started API is stopped too.
        stopping.abort();
        if (timer) clearInterval(timer);
        await schedules?.stop();
        await work;
        await stopChild(started.api);
        db.destroy();
        streams.destroy();
        intended.add(started.dynamo.process);
        await started.dynamo.stop();
      },
    };
  } catch (err) {
    if (api) await stopProcess(api);
    if (dynamo) await dynamo.stop();
    throw err;
  }
}
