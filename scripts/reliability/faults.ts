/**
 * The fault section.
 * - `injectedFaultProbe`: switches one DynamoDB fault on (POST /v1/dev/faults), sends a read and two
 *   writes, and expects each to end in a Chinese 503 problem+json within the retry budget; then
 *   switches it off and repeats the write, which must now succeed (the failed one left nothing).
 * - `killDuringWrites`: writes (authority feeds, resident sign-ins) while DynamoDB Local is killed
 *   with SIGKILL and restarted on the same data folder; every write acknowledged with 2xx before the
 *   kill must be in the table afterwards, and a re-sent feed must change nothing.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/adapters/keys';
import { startDynamoDbLocal, type DynamoDbLocal } from '../lib/dynamodb-local';
import { AUTHORITY_HEADERS, type Journey } from './journey';
import { residentIdNumber } from './people';
import type { FaultKind } from '../../functions/adapters/dynamo-faults';

export interface FaultProbeRow {
  kind: FaultKind;
  request: string;
  status: number;
  problemJson: boolean;
  title: string;
  elapsedMs: number;
  ok: boolean;
}

export interface FaultProbeResult {
  rows: FaultProbeRow[];
  /** After the fault was switched off, the same check-in succeeded: nothing half-written. */
  retryAfterFaultSucceeded: boolean;
}

const CHINESE = /[\u4e00-\u9fff]/;

export async function injectedFaultProbe(journey: Journey, kind: FaultKind, residentToken: string, inspectorToken: string, payload: string): Promise<FaultProbeResult> {
  const on = await journey.send('POST', '/v1/dev/faults', { body: { kind } });
  if (on.status !== 200) throw new Error(`could not switch the fault on: ${on.status} ${on.text.slice(0, 200)}`);
  const rows: FaultProbeRow[] = [];
  const probes: Array<[string, () => ReturnType<Journey['send']>]> = [
    ['GET /v1/resident/status', () => journey.send('GET', '/v1/resident/status', { token: residentToken })],
    ['POST /v1/inspector/verifications', () => journey.send('POST', '/v1/inspector/verifications', { token: inspectorToken, body: { payload, checkpointId: 'demo-gate' } })],
    ['POST /v1/resident/checkins', () => journey.send('POST', '/v1/resident/checkins', { token: residentToken, body: { temperature: 36.4, symptoms: [] } })],
  ];
  try {
    for (const [request, send] of probes) {
      const started = Date.now();
      const res = await send();
      const elapsedMs = Date.now() - started;
      const problemJson = /application\/problem\+json/.test(res.headers['content-type'] ?? '');
      const title = String(res.json?.title ?? '');
      rows.push({ kind, request, status: res.status, problemJson, title, elapsedMs, ok: res.status === 503 && problemJson && CHINESE.test(title) && CHINESE.test(String(res.json?.detail ?? '')) && elapsedMs < 10_000 });
    }
  } finally {
    const off = await journey.send('DELETE', '/v1/dev/faults');
    if (off.status !== 200) throw new Error(`could not switch the fault off: ${off.status} ${off.text.slice(0, 200)}`);
  }
  const again = await journey.send('POST', '/v1/resident/checkins', { token: residentToken, body: { temperature: 36.4, symptoms: [] } });
  return { rows, retryAfterFaultSucceeded: again.status === 201 };
}

export interface KillResult {
  acknowledgedFeeds: number;
  acknowledgedSignIns: number;
  missingAfterRestart: number;
  refusedDuringOutage: number;
  status5xxDuringOutage: number;
  status500: number;
  /** Acknowledged feeds sent again after the restart (answered 2xx). */
  resentFeeds: number;
  restartMs: number;
}

/** The DynamoDB Local java process that this process started (a direct child listening on `port`). */
function dynamoPid(port: number): number {
  const lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n');
  const line = lines.find((l) => l.includes('DynamoDBLocal.jar') && l.includes(`-port ${port}`));
  if (!line) throw new Error(`no DynamoDB Local child process on port ${port}`);
  return Number(line.trim().split(/\s+/)[0]);
}

export async function killDuringWrites(
  journey: Journey,
  db: DynamoDBDocumentClient,
  tableName: string,
  dynamo: { port: number; dataDir: string },
  documents: string[],
  options: { writersBeforeKill: number; outageWrites: number },
): Promise<{ result: KillResult; restarted: DynamoDbLocal }> {
  const run = randomUUID().slice(0, 8);
  const feeds: string[] = [];
  const feedBodies = new Map<string, unknown>();
  const subjects: string[] = [];
  let status500 = 0;
  let n = 0;
  const write = async () => {
    const i = n++;
    if (i % 2 === 0) {
      const feedId = `kill-${run}-${i}`;
      const body = { feedId, type: 'close-contact', records: [{ documentType: 'resident-id', documentNumber: documents[i % documents.length] ?? residentIdNumber(), at: new Date().toISOString(), lastExposureDay: new Date().toISOString().slice(0, 10) }] };
      const res = await journey.send('POST', '/v1/authority/feeds', { headers: AUTHORITY_HEADERS, body });
      if (res.status === 500) status500++;
      if (res.status >= 200 && res.status < 300) {
        feeds.push(feedId);
        feedBodies.set(feedId, body);
      }
      return res.status;
    }
    const subject = `kill-${run}-${i}`;
    const res = await journey.send('POST', '/v1/resident/sessions', { body: { provider: 'sandbox', subject } });
    if (res.status === 500) status500++;
    if (res.status === 200) subjects.push(subject);
    return res.status;
  };
  // Writers before the kill, 4 at a time.
  while (n < options.writersBeforeKill) await Promise.all([write(), write(), write(), write()]);
  const pid = dynamoPid(dynamo.port);
  process.kill(pid, 'SIGKILL');
  let refused = 0;
  let fivexx = 0;
  for (let i = 0; i < options.outageWrites; i++) {
    const status = await write();
    if (status >= 500) fivexx++;
    if (status >= 400) refused++;
  }
  const started = Date.now();
  const restarted = await startDynamoDbLocal({ port: dynamo.port, dataDir: dynamo.dataDir });
  const restartMs = Date.now() - started;
  let missing = 0;
  for (const feedId of feeds) {
    const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.feed(feedId), ConsistentRead: true }));
    if (!out.Item) missing++;
  }
  for (const subject of subjects) {
    const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.sandboxSubject(subject), ConsistentRead: true }));
    if (!out.Item) missing++;
  }
  // A feed sent again (a retrying authority system) must change nothing: the audit that follows
  // finds any holder whose history shows one feed twice.
  let resent = 0;
  for (const feedId of feeds.slice(0, 20)) {
    // The very same body, as a retrying authority system sends it.
    const res = await journey.send('POST', '/v1/authority/feeds', { headers: AUTHORITY_HEADERS, body: feedBodies.get(feedId) });
    if (res.status === 500) status500++;
    if (res.status < 300) resent++;
  }
  return {
    result: {
      acknowledgedFeeds: feeds.length,
      acknowledgedSignIns: subjects.length,
      missingAfterRestart: missing,
      refusedDuringOutage: refused,
      status5xxDuringOutage: fivexx,
      status500,
      resentFeeds: resent,
      restartMs,
    },
    restarted,
  };
}
