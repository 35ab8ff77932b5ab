/**
 * POST /v1/inspector/sessions in-process (real API Gateway v2 events) against DynamoDB Local, with
 * the real DingTalk adapter talking to a loopback fake DingTalk server.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { httpEvent, invoke } from '../../support/events';
import { startFakeDingTalk, type FakeDingTalk } from '../../support/fake-dingtalk';
import { localDocumentClient } from '../../../scripts/lib/table-admin';
import { keys } from '../../../functions/adapters/keys';
import { inspectorSessionResponse } from '../../../shared/api/inspector';

const CORP = 'dingitcorp';
let fake: FakeDingTalk;
let handler: (event: unknown, context: unknown) => Promise<unknown>;
let verifySession: typeof import('../../../functions/adapters/sessions').verifySession;
let clearDingTalkTokenCache: () => void;

const signIn = (body: unknown) => invoke(handler as never, httpEvent('POST', '/v1/inspector/sessions', { body }));

beforeAll(async () => {
  fake = await startFakeDingTalk();
  // The handler reads its secrets once; give this worker's copy the fake's address before it loads.
  const base = JSON.parse(process.env.SECRETS_JSON!);
  process.env.SECRETS_JSON = JSON.stringify({
    ...base,
    dingtalk: { appKey: fake.appKey, appSecret: fake.appSecret, corpId: CORP, gateway: fake.url, timeoutMs: 3000 },
  });
  ({ handler } = (await import('../../../functions/http/inspector-sessions/handler')) as never);
  ({ verifySession } = await import('../../../functions/adapters/sessions'));
  ({ clearDingTalkTokenCache } = await import('../../../functions/adapters/dingtalk'));

  const db = localDocumentClient(process.env.DYNAMODB_ENDPOINT!);
  const put = (Item: Record<string, unknown>) => db.send(new PutCommand({ TableName: process.env.TABLE_NAME!, Item }));
  await put({ ...keys.checkpoint('it-sessions-gate'), id: 'it-sessions-gate', name: '测试卡口（火车站）' });
  await put({ ...keys.inspectorGrant(CORP, 'DEPT', '100'), checkpoints: ['demo-gate'] });
  await put({ ...keys.inspectorGrant(CORP, 'ROLE', '7'), checkpoints: ['it-sessions-gate', 'gone-gate'] });
  fake.addUser({ userid: 'u-dept', name: '张小三', dept_id_list: [1, 100], role_list: [] });
  fake.addUser({ userid: 'u-role', name: '欧阳明月', dept_id_list: [1], role_list: [{ id: 7, name: '核验员', group_name: '防疫' }] });
  fake.addUser({ userid: 'u-none', name: '李四', dept_id_list: [999], role_list: [{ id: 8, name: '出纳', group_name: '财务' }] });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.hang = false;
  clearDingTalkTokenCache();
});

describe('DingTalk sign-in', () => {
  test('a user in an authorised department gets an inspector token for its checkpoints, and only a masked name', async () => {
    const res = await signIn({ provider: 'dingtalk', authCode: fake.issueCode('u-dept') });
    expect(res.statusCode).toBe(200);
    const body = inspectorSessionResponse.parse(res.json);
    expect(body.inspector.checkpoints).toEqual([{ id: 'demo-gate', name: '演示卡口（丽水市莲都区）' }]);
    expect(body.inspector.name).toBe('张*三');
    expect(res.body).not.toContain('张小三');
    const session = await verifySession(body.token, new Date());
    expect(session).toMatchObject({ role: 'inspector', sub: `${CORP}:u-dept`, checkpoints: ['demo-gate'] });
  });

  test('a role grants its checkpoints too; a granted checkpoint that does not exist is left out', async () => {
    const res = await signIn({ provider: 'dingtalk', authCode: fake.issueCode('u-role'), corpId: CORP });
    expect(res.statusCode).toBe(200);
    expect(res.json.inspector.checkpoints.map((c: { id: string }) => c.id)).toEqual(['it-sessions-gate']);
    expect(res.json.inspector.name).toBe('欧阳**');
  });

  test('a user in no authorised department or role gets 403 您不是授权核验人员', async () => {
    const res = await signIn({ provider: 'dingtalk', authCode: fake.issueCode('u-none') });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json.detail).toBe('您不是授权核验人员');
  });

  test('an expired or already used auth code is 401 in Chinese, and nothing is issued', async () => {
    const code = fake.issueCode('u-dept');
    expect((await signIn({ provider: 'dingtalk', authCode: code })).statusCode).toBe(200);
    const again = await signIn({ provider: 'dingtalk', authCode: code });
    expect(again.statusCode).toBe(401);
    expect(again.json.detail).toMatch(/钉钉授权已失效/);
    expect(again.json.token).toBeUndefined();
  });

  test('DingTalk timing out is a 503 in Chinese, not a hang and not a 500', async () => {
    fake.hang = true;
    const res = await signIn({ provider: 'dingtalk', authCode: 'code-anything' });
    expect(res.statusCode).toBe(503);
    expect(res.json.detail).toBe('钉钉服务暂时无法连接，请稍后再试');
  });

  test('the app token is fetched once and reused; a token DingTalk rejects is refreshed and the call retried', async () => {
    const before = fake.calls['/gettoken'] ?? 0;
    expect((await signIn({ provider: 'dingtalk', authCode: fake.issueCode('u-dept') })).statusCode).toBe(200);
    expect((await signIn({ provider: 'dingtalk', authCode: fake.issueCode('u-dept') })).statusCode).toBe(200);
    expect(fake.calls['/gettoken']).toBe(before + 1);
    fake.revokeTokens();
    expect((await signIn({ provider: 'dingtalk', authCode: fake.issueCode('u-dept') })).statusCode).toBe(200);
    expect(fake.calls['/gettoken']).toBe(before + 2);
  });

  test('a corpId other than the app’s own corp is refused', async () => {
    const res = await signIn({ provider: 'dingtalk', authCode: fake.issueCode('u-dept'), corpId: 'dingothercorp' });
    expect(res.statusCode).toBe(403);
  });
});

describe('sandbox sign-in (local stage)', () => {
  test('the seeded demo-inspector signs in for demo-gate', async () => {
    const res = await signIn({ provider: 'sandbox', subject: 'demo-inspector' });
    expect(res.statusCode).toBe(200);
    expect(res.json.inspector).toEqual({ name: '演示核验员', checkpoints: [{ id: 'demo-gate', name: '演示卡口（丽水市莲都区）' }] });
  });

  test('any other sandbox subject is not an inspector', async () => {
    const res = await signIn({ provider: 'sandbox', subject: 'someone-else' });
    expect(res.statusCode).toBe(403);
    expect(res.json.detail).toBe('您不是授权核验人员');
  });

  test('a malformed body is a Chinese 400', async () => {
    const res = await signIn({ provider: 'wechat', subject: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json.title).toBe('请求内容有误');
  });
});
