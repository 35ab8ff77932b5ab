/**
 * POST /v1/console/sessions in-process against DynamoDB Local: DingTalk's OAuth2 web login through
 * the real adapter against the loopback fake DingTalk (auth code → user access token → unionId →
 * userid → departments), roles from the registry by user or department, and the sandbox sign-in.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { httpEvent, invoke } from '../../support/events';
import { startFakeDingTalk, type FakeDingTalk } from '../../support/fake-dingtalk';
import { localDocumentClient } from '../../../scripts/lib/table-admin';
import { keys } from '../../../functions/adapters/keys';
import { consoleSessionResponse } from '../../../shared/api/console';
import { officialsSeed } from '../../../scripts/lib/seed-officials';

const CORP = 'dingconsolecorp';
let fake: FakeDingTalk;
let handler: (event: unknown, context: unknown) => Promise<unknown>;
let verifySession: typeof import('../../../functions/adapters/sessions').verifySession;

const signIn = (body: unknown) => invoke(handler as never, httpEvent('POST', '/v1/console/sessions', { body }));

beforeAll(async () => {
  fake = await startFakeDingTalk();
  const base = JSON.parse(process.env.SECRETS_JSON!);
  process.env.SECRETS_JSON = JSON.stringify({
    ...base,
    dingtalkConsole: { clientId: fake.appKey, clientSecret: fake.appSecret, corpId: CORP, apiGateway: fake.url, gateway: fake.url, timeoutMs: 3000 },
  });
  ({ handler } = (await import('../../../functions/http/console-sessions/handler')) as never);
  ({ verifySession } = await import('../../../functions/adapters/sessions'));
  const db = localDocumentClient(process.env.DYNAMODB_ENDPOINT!);
  const put = (Item: Record<string, unknown>) => db.send(new PutCommand({ TableName: process.env.TABLE_NAME!, Item }));
  await put({ ...keys.officialGrant(CORP, 'USER', 'u-approver'), roles: ['viewer', 'approver'], displayName: '周审批' });
  await put({ ...keys.officialGrant(CORP, 'DEPT', '500'), roles: ['viewer', 'proposer'] });
  await officialsSeed.run(db, process.env.TABLE_NAME!, new Date());
  fake.addUser({ userid: 'u-approver', name: '周文', dept_id_list: [1], role_list: [] });
  fake.addUser({ userid: 'u-cdc', name: '吴流调', dept_id_list: [1, 500], role_list: [] });
  fake.addUser({ userid: 'u-clerk', name: '郑出纳', dept_id_list: [2], role_list: [] });
});

afterAll(async () => {
  await fake.close();
});

describe('console sign-in with DingTalk web login', () => {
  test('a registered official gets an official token with the registry roles, named by the registry', async () => {
    const res = await signIn({ provider: 'dingtalk', authCode: fake.issueWebCode('u-approver') });
    expect(res.statusCode).toBe(200);
    const body = consoleSessionResponse.parse(res.json);
    expect(body.official).toEqual({ id: `${CORP}:u-approver`, name: '周审批', roles: ['viewer', 'approver'] });
    expect(await verifySession(body.token, new Date())).toMatchObject({ role: 'official', sub: `${CORP}:u-approver`, officialRoles: ['viewer', 'approver'] });
    expect(fake.calls['/v1.0/oauth2/userAccessToken']).toBeGreaterThan(0);
    expect(fake.calls['/v1.0/contact/users/me']).toBeGreaterThan(0);
  });

  test('a department grant gives its roles to everyone in it', async () => {
    const res = await signIn({ provider: 'dingtalk', authCode: fake.issueWebCode('u-cdc') });
    expect(res.statusCode).toBe(200);
    expect(res.json.official.roles).toEqual(['viewer', 'proposer']);
  });

  test('a DingTalk user the registry does not know gets 403 in Chinese', async () => {
    const res = await signIn({ provider: 'dingtalk', authCode: fake.issueWebCode('u-clerk') });
    expect(res.statusCode).toBe(403);
    expect(res.json.detail).toBe('您不是后台授权人员，请联系管理员开通');
  });

  test('a used auth code is a 401 asking to scan again, never a 5xx', async () => {
    const code = fake.issueWebCode('u-approver');
    expect((await signIn({ provider: 'dingtalk', authCode: code })).statusCode).toBe(200);
    const again = await signIn({ provider: 'dingtalk', authCode: code });
    expect(again.statusCode).toBe(401);
    expect(again.json.detail).toContain('重新扫码');
  });

  test('DingTalk not answering is a Chinese 503', async () => {
    fake.hang = true;
    try {
      const res = await signIn({ provider: 'dingtalk', authCode: fake.issueWebCode('u-approver') });
      expect(res.statusCode).toBe(503);
      expect(res.json.detail).toContain('钉钉');
    } finally {
      fake.hang = false;
    }
  }, 15_000);

  test('on the local stage the sandbox finds the seeded officials; an unknown subject is refused', async () => {
    const ok = await signIn({ provider: 'sandbox', subject: 'demo-lead' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json.official.roles).toEqual(['viewer', 'proposer', 'approver']);
    const no = await signIn({ provider: 'sandbox', subject: 'someone-else' });
    expect(no.statusCode).toBe(403);
  });
});
