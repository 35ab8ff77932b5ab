/**
 * The checkpoint registry over HTTP against the local stack (DynamoDB Local): admins register and
 * change checkpoints and map DingTalk departments; other officials only read; every change is in the
 * hash-chained decision log; the grant the inspector sign-in reads is written with the mapping; and a
 * removed mapping takes the checkpoint off inspector tokens issued before it.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { client } from '../../support/http';
import { db, sandboxInspector } from '../../support/inspector-fixtures';
import { eventually } from '../../support/eventually';
import { keys } from '../../../functions/adapters/keys';
import { consoleCheckpoint, consoleCheckpoints } from '../../../shared/api/console-checkpoints';

const api = client('api-console-checkpoints');
const id = `api-gate-${randomBytes(4).toString('hex')}`;

async function official(subject: string): Promise<string> {
  const res = await api.call('POST', '/v1/console/sessions', { provider: 'sandbox', subject });
  if (res.status !== 200) throw new Error(`sign-in ${subject}: ${res.status} ${res.text}`);
  return res.body.token as string;
}

let admin: string;
let viewer: string;
beforeAll(async () => {
  [admin, viewer] = await Promise.all([official('demo-admin'), official('demo-viewer')]);
});

test('an admin registers a checkpoint; a viewer lists it but may not register; bad input is a Chinese 400', async () => {
  const body = { id, name: '丽水火车站出站口', type: 'station', county: '331102' };
  expect((await api.call('POST', '/v1/console/checkpoints', body, { token: viewer })).status).toBe(403);
  const created = await api.call('POST', '/v1/console/checkpoints', body, { token: admin });
  expect(created.status).toBe(201);
  expect(consoleCheckpoint.parse(created.body)).toMatchObject({ id, name: '丽水火车站出站口', type: 'station', county: '331102', countyName: '莲都区', departments: [], version: 1 });

  const again = await api.call('POST', '/v1/console/checkpoints', body, { token: admin });
  expect(again.status).toBe(409);
  expect(again.body.detail).toBe('卡口编号已存在，请换一个编号');

  const bad = await api.call('POST', '/v1/console/checkpoints', { id: 'x y', name: '', type: 'castle', county: '110101' }, { token: admin });
  expect(bad.status).toBe(400);
  expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
  const messages = (bad.body.errors as { message: string }[]).map((e) => e.message);
  expect(messages).toEqual(expect.arrayContaining(['卡口编号只能包含字母、数字和 . _ : -', '卡口名称至少2个字', '请选择卡口类型', '请选择浙江省内的区县']));

  const list = await api.call('GET', '/v1/console/checkpoints', undefined, { token: viewer });
  expect(list.status).toBe(200);
  const ids = consoleCheckpoints.parse(list.body).checkpoints.map((c) => c.id);
  expect(ids).toEqual(expect.arrayContaining([id, 'demo-gate']));
});

test('an admin changes a checkpoint; an unknown one is a 404', async () => {
  const changed = await api.call('PUT', `/v1/console/checkpoints/${id}`, { name: '丽水火车站进站口', type: 'station', county: '331181' }, { token: admin });
  expect(changed.status).toBe(200);
  expect(changed.body).toMatchObject({ name: '丽水火车站进站口', county: '331181', countyName: '龙泉市', version: 2 });
  const unknown = await api.call('PUT', '/v1/console/checkpoints/no-such-gate', { name: '不存在的卡口', type: 'other', county: '331102' }, { token: admin });
  expect(unknown.status).toBe(404);
  expect(unknown.body.detail).toBe('没有这个卡口');
});

test('mapping a department writes the inspectors’ grant; it is idempotent, logged, and removed again', async () => {
  const dept = String(100000 + Math.floor(Math.random() * 900000));
  const path = `/v1/console/checkpoints/${id}/departments/${dept}`;
  const add = `/v1/console/checkpoints/${id}/departments`;
  expect((await api.call('POST', add, { departmentId: dept }, { token: viewer })).status).toBe(403);
  const mapped = await api.call('POST', add, { departmentId: dept }, { token: admin });
  expect(mapped.status).toBe(200);
  expect(mapped.body.departments).toEqual([expect.objectContaining({ departmentId: dept, corpId: 'sandbox' })]);
  const twice = await api.call('POST', add, { departmentId: dept }, { token: admin });
  expect(twice.body.version).toBe(mapped.body.version);
  const grant = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME!, Key: keys.inspectorGrant('sandbox', 'DEPT', dept), ConsistentRead: true }));
  expect(grant.Item?.checkpoints).toEqual([id]);

  const removed = await api.call('DELETE', path, undefined, { token: admin });
  expect(removed.status).toBe(200);
  expect(removed.body.departments).toEqual([]);
  const after = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME!, Key: keys.inspectorGrant('sandbox', 'DEPT', dept), ConsistentRead: true }));
  expect(after.Item?.checkpoints).toEqual([]);

  const log = await api.call('GET', '/v1/console/audit', undefined, { token: viewer });
  expect(log.body.verdict.intact).toBe(true);
  const mine = (log.body.entries as { action: string; proposalId: string; proposer: { name: string }; checkpoint?: { departmentId?: string } }[]).filter((e) => e.proposalId === id);
  expect(mine.map((e) => e.action)).toEqual(['checkpoint-department-removed', 'checkpoint-department-added', 'checkpoint-updated', 'checkpoint-created']);
  expect(mine[0]).toMatchObject({ proposer: { name: '演示管理员' }, checkpoint: { departmentId: dept } });
});

test('a removed mapping takes the checkpoint off inspector tokens issued before; signing in again reads the registry afresh', async () => {
  const gate = `api-gate-${randomBytes(4).toString('hex')}`;
  expect((await api.call('POST', '/v1/console/checkpoints', { id: gate, name: '测试社区卡口', type: 'community', county: '331102' }, { token: admin })).status).toBe(201);
  const dept = String(100000 + Math.floor(Math.random() * 900000));
  expect((await api.call('POST', `/v1/console/checkpoints/${gate}/departments`, { departmentId: dept }, { token: admin })).status).toBe(200);
  // The sandbox inspector holds the checkpoint by a user grant, which stays.
  const inspector = await sandboxInspector([gate], api.clockScope);
  const scan = (token: string) => api.call('POST', '/v1/inspector/verifications', { payload: 'HC1:garbage', checkpointId: gate }, { token });
  expect((await scan(inspector.token)).status).toBe(200);

  await new Promise((r) => setTimeout(r, 1100));
  expect((await api.call('DELETE', `/v1/console/checkpoints/${gate}/departments/${dept}`, undefined, { token: admin })).status).toBe(200);
  const refused = await eventually(() => scan(inspector.token), (r) => r.status !== 200, 15_000, 500);
  expect(refused.status).toBe(403);
  expect(refused.body.detail).toBe('您未被授权在此卡口核验');

  await new Promise((r) => setTimeout(r, 1100));
  const fresh = await api.call('POST', '/v1/inspector/sessions', { provider: 'sandbox', subject: inspector.subject });
  expect(fresh.status).toBe(200);
  expect((await scan(fresh.body.token)).status).toBe(200);
}, 60_000);
