/**
 * GET /v1/resident/code, the handler in-process (the whole middy stack: header normaliser, auth with
 * JWT verification, problem+json, security headers, access log at level SILENT) against a DynamoDB
 * Local this bench starts itself, next to the bare work the route cannot avoid: the consistent read
 * of the account (a deleted account's token must be refused at once, functions/middleware), one
 * GetItem of the status, one signature (with the sealed holder reference) and the same SVG. Both are
 * measured in the same loop, alternating, so machine noise hits both; the ratio is what the route
 * adds. Goal: ≤ 1.3.
 */
import type { BenchRow } from './row';
import { startDynamoDbLocal } from '../lib/dynamodb-local';
import { ensureTable, localDocumentClient } from '../lib/table-admin';
import { generateLocalSecrets } from '../../functions/adapters/secrets';
import { holderStore } from '../../functions/wiring/holders';
import { requestPorts } from '../../functions/wiring/request';

const WARMUP = 50;
const ROUNDS = 400;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchResidentCode(): Promise<BenchRow[]> {
  const dynamo = await startDynamoDbLocal();
  try {
    const tableName = 'health-code-bench';
    const secrets = generateLocalSecrets();
    // The handler reads its configuration from the environment on first use: set it before importing.
    Object.assign(process.env, { TABLE_NAME: tableName, DYNAMODB_ENDPOINT: dynamo.endpoint, SECRETS_JSON: JSON.stringify(secrets), STAGE: 'review', LOG_LEVEL: 'SILENT' });
    await ensureTable(localDocumentClient(dynamo.endpoint), tableName, { stream: false });
    const [{ handler }, { documentClient }, { issueSession }, { codeKeys, signCodeWith }, { readHolderStatus }, { demoResidentPorts, DEMO_RESIDENTS }, { codeSvg, declare, registerProfile, signIn }, { httpEvent, invoke }] = await Promise.all([
      import('../../functions/http/resident-code/handler'),
      import('../../functions/adapters/dynamo'),
      import('../../functions/adapters/sessions'),
      import('../../functions/adapters/code-keys'),
      import('../../functions/core/holder-state'),
      import('../lib/seed-residents'),
      import('../../functions/core/resident'),
      import('../lib/lambda-events'),
    ]);
    const db = documentClient();
    const now = new Date();
    const ports = demoResidentPorts(db, tableName, secrets);
    const demo = DEMO_RESIDENTS[0];
    const account = await signIn(ports, { provider: 'sandbox', subject: demo.subject }, now);
    await registerProfile(ports, account.accountId, true, { name: demo.name, documentType: 'resident-id', documentNumber: demo.documentNumber, phone: demo.phone }, now);
    await declare(ports, account.accountId, { region: '331102', travel: [], symptoms: [], contactWithCase: false, commitment: true }, now);
    const { token } = await issueSession({ sub: account.accountId, role: 'resident', certified: true }, now);
    const deployment = await codeKeys();
    const store = holderStore(db, tableName);
    const { sessions } = requestPorts(db, tableName);

    const route = async () => {
      const res = await invoke(handler as never, httpEvent('GET', '/v1/resident/code', { headers: { authorization: `Bearer ${token}` } }));
      if (res.statusCode !== 200) throw new Error(`GET /v1/resident/code answered ${res.statusCode}: ${res.body}`);
    };
    const bare = async () => {
      const t = new Date();
      const holderId = (await sessions.holderOfAccount(account.accountId))!;
      const status = await readHolderStatus(store, holderId, false);
      const signed = await signCodeWith(deployment, holderId, status!.color, t);
      await codeSvg(signed.payload);
    };
    const timeOf = async (fn: () => Promise<void>) => {
      const start = process.hrtime.bigint();
      await fn();
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    for (let i = 0; i < WARMUP; i++) {
      await route();
      await bare();
    }
    const routeMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate the order so neither always runs on a warmer connection.
      if (i % 2 === 0) {
        routeMs.push(await timeOf(route));
        bareMs.push(await timeOf(bare));
      } else {
        bareMs.push(await timeOf(bare));
        routeMs.push(await timeOf(route));
      }
    }
    const r = median(routeMs);
    const b = median(bareMs);
    return [
      { name: 'GET /v1/resident/code handler, median', value: `${r.toFixed(2)} ms`, note: `${ROUNDS} requests in-process, DynamoDB Local` },
      { name: 'bare work (account GetItem, status GetItem, Ed25519, SVG), median', value: `${b.toFixed(2)} ms` },
      { name: 'ratio handler / bare work', value: (r / b).toFixed(2), note: 'goal ≤ 1.3' },
    ];
  } finally {
    await dynamo.stop();
  }
}
