/**
 * The checkpoint registry from the console, honoured at the gate: in-process handlers against
 * DynamoDB Local, inspectors signing in with the real DingTalk adapter against the loopback fake.
 * An admin registers a checkpoint and maps a DingTalk department to it; an inspector of that
 * department signs in with it and can scan there; once the mapping is removed, the token they hold
 * no longer works there and a new sign-in no longer grants it.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { httpEvent, invoke } from '../../support/events';
import { eventually } from '../../support/eventually';
import { startFakeDingTalk, type FakeDingTalk } from '../../support/fake-dingtalk';
import { localDocumentClient } from '../../../scripts/lib/table-admin';
import { keys } from '../../../functions/adapters/keys';
import { consoleCheckpoint } from '../../../shared/api/console-checkpoints';

const CORP = 'dingcheckpointcorp';
const DEPT = '4242';
let fake: FakeDingTalk;
type Handler = (event: unknown, context: unknown) => Promise<unknown>;
let h: Record<'create' | 'addDepartment' | 'removeDepartment' | 'list' | 'signIn' | 'verify', Handler>;
let adminToken: string;
const gate = `it-reg-${randomBytes(4).toString('hex')}`;

const send = (handler: Handler, method: string, path: string, options: { body?: unknown; token?: string; pathParameters?: Record<string, string> } = {}) =>
  invoke(handler as never, httpEvent(method, path, { body: options.body, pathParameters: options.pathParameters, headers: options.token ? { authorization: `Bearer ${options.token}` } : {} }));

const signIn = () => send(h.signIn, 'POST', '/v1/inspector/sessions', { body: { provider: 'dingtalk', authCode: fake.issueCode('u-gate') } });
const scan = (token: string) => send(h.verify, 'POST', '/v1/inspector/verifications', { token, body: { payload: 'HC1:garbage', checkpointId: gate } });

beforeAll(async () => {
  fake = await startFakeDingTalk();
  const base = JSON.parse(process.env.SECRETS_JSON!);
  process.env.SECRETS_JSON = JSON.stringify({ ...base, dingtalk: { appKey: fake.appKey, appSecret: fake.appSecret, corpId: CORP, gateway: fake.url, timeoutMs: 3000 } });
  const registry = await import('../../../functions/http/console-checkpoints/handler');
  h = {
    create: registry.create as never,
    addDepartment: registry.addDepartment as never,
    removeDepartment: registry.removeDepartment as never,
    list: registry.list as never,
    signIn: (await import('../../../functions/http/inspector-sessions/handler')).handler as never,
    verify: (await import('../../../functions/http/inspector-verifications/handler')).handler as never,
  };
  const { issueSession } = await import('../../../functions/adapters/sessions');
  adminToken = (await issueSession({ sub: 'sandbox:it-admin', role: 'official', officialRoles: ['viewer', 'admin'], principal: '集成测试管理员' }, new Date())).token;
  fake.addUser({ userid: 'u-gate', name: '钱核验', dept_id_list: [1, Number(DEPT)], role_list: [] });
});

afterAll(async () => {
  await fake.close();
});

test('a mapped department’s inspector scans at the checkpoint; after the mapping is removed they cannot', async () => {
  const created = await send(h.create, 'POST', '/v1/console/checkpoints', { token: adminToken, body: { id: gate, name: '集成测试火车站', type: 'station', county: '331102' } });
  expect(created.statusCode).toBe(201);

  // Before any mapping this DingTalk user is nobody's inspector.
  expect((await signIn()).json.detail).toBe('您不是授权核验人员');

  const mapped = await send(h.addDepartment, 'POST', `/v1/console/checkpoints/${gate}/departments`, { token: adminToken, body: { departmentId: DEPT }, pathParameters: { id: gate } });
  expect(mapped.statusCode).toBe(200);
  expect(consoleCheckpoint.parse(mapped.json).departments).toEqual([expect.objectContaining({ corpId: CORP, departmentId: DEPT })]);
  const db = localDocumentClient(process.env.DYNAMODB_ENDPOINT!);
  const grant = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME!, Key: keys.inspectorGrant(CORP, 'DEPT', DEPT), ConsistentRead: true }));
  expect(grant.Item?.checkpoints).toContain(gate);

  const session = await signIn();
  expect(session.statusCode).toBe(200);
  expect(session.json.inspector.checkpoints).toEqual([{ id: gate, name: '集成测试火车站' }]);
  const token = session.json.token as string;
  const allowed = await scan(token);
  expect(allowed.statusCode).toBe(200);
  expect(allowed.json.outcome).toBe('invalid');

  // A token issued within the same second as the removal would count as older; start a fresh second.
  await new Promise((r) => setTimeout(r, 1100));
  const removed = await send(h.removeDepartment, 'DELETE', `/v1/console/checkpoints/${gate}/departments/${DEPT}`, { token: adminToken, pathParameters: { id: gate, departmentId: DEPT } });
  expect(removed.statusCode).toBe(200);
  expect(removed.json.departments).toEqual([]);
  const after = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME!, Key: keys.inspectorGrant(CORP, 'DEPT', DEPT), ConsistentRead: true }));
  expect(after.Item?.checkpoints).not.toContain(gate);

  // The token in hand stops working there within the instance's few seconds of memory.
  const refused = await eventually(() => scan(token), (r) => r.statusCode !== 200, 15_000, 500);
  expect(refused.statusCode).toBe(403);
  expect(refused.json.detail).toBe('您未被授权在此卡口核验');
  // And signing in again grants nothing.
  const again = await signIn();
  expect(again.statusCode).toBe(403);
  expect(again.json.detail).toBe('您不是授权核验人员');

  // Removing it twice is a Chinese 404.
  const twice = await send(h.removeDepartment, 'DELETE', `/v1/console/checkpoints/${gate}/departments/${DEPT}`, { token: adminToken, pathParameters: { id: gate, departmentId: DEPT } });
  expect(twice.statusCode).toBe(404);
  expect(twice.json.detail).toBe('该部门未关联此卡口');
}, 60_000);
