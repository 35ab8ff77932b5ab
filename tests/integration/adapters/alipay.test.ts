import { createCipheriv, randomBytes } from 'node:crypto';
import { alipayClient, type AlipayPort } from '../../../functions/adapters/alipay';
import { DependencyUnavailableError, RuleRefusedError, UnauthenticatedError, ValidationError } from '../../../functions/core/errors';
import { createDocumentClient } from '../../../functions/adapters/dynamo';
import { registerProfile, signIn, type ResidentPorts } from '../../../functions/core/resident';
import { signRsa2, startFakeAlipay, type FakeAlipay } from '../../support/fake-alipay';
import { profileBody } from '../../support/resident-fixtures';
import { residentPortsWith } from '../../../functions/wiring/resident';

let fake: FakeAlipay;
let alipay: AlipayPort;
const encryptKey = randomBytes(16).toString('base64');

beforeAll(async () => {
  fake = await startFakeAlipay();
  alipay = alipayClient({ appId: '2021000000000001', privateKey: fake.appPrivateKey, alipayPublicKey: fake.alipayPublicKey, encryptKey, gateway: fake.gateway, timeoutMs: 500 });
});
afterAll(() => fake.close());

const token = (userField: Record<string, string>) => ({ kind: 'ok' as const, body: { ...userField, access_token: 'authusrB1', expires_in: 1296000, refresh_token: 'authusrR1', re_expires_in: 2592000 } });
const info = (certified: 'T' | 'F') => ({ kind: 'ok' as const, body: { code: '10000', msg: 'Success', user_id: '2088000000000001', is_certified: certified, nick_name: '小明' } });

describe('Alipay adapter against a loopback fake gateway', () => {
  test('success: oauth.token then user.info.share, signed answers verified, user id and certification kept', async () => {
    fake.answers.set('alipay.system.oauth.token', token({ user_id: '2088000000000001' }));
    fake.answers.set('alipay.user.info.share', info('T'));
    await expect(alipay.identify('auth-code-1')).resolves.toEqual({ userId: '2088000000000001', certified: true });
    const [tokenCall, infoCall] = fake.calls.slice(-2);
    expect(tokenCall!.params.get('code')).toBe('auth-code-1');
    expect(tokenCall!.params.get('grant_type')).toBe('authorization_code');
    expect(infoCall!.params.get('auth_token')).toBe('authusrB1');
  });

  test('an app on the OpenID scheme gets open_id, which is kept instead', async () => {
    fake.answers.set('alipay.system.oauth.token', token({ open_id: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5' }));
    fake.answers.set('alipay.user.info.share', { kind: 'ok', body: { code: '10000', msg: 'Success', open_id: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5', is_certified: 'T' } });
    expect((await alipay.identify('auth-code-2')).userId).toBe('074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5');
  });

  test('auth_base only (the optional auth_user declined): the token names the user, nothing is said about certification', async () => {
    fake.answers.set('alipay.system.oauth.token', token({ user_id: '2088000000000002' }));
    fake.answers.set('alipay.user.info.share', { kind: 'ok', body: { code: '40006', msg: 'Insufficient Permissions', sub_code: 'isv.insufficient-user-permissions', sub_msg: '用户授权权限不足' } });
    await expect(alipay.identify('auth-base-code')).resolves.toEqual({ userId: '2088000000000002', certified: true, limited: true });
    // Any other refusal of user.info.share is still a refusal.
    fake.answers.set('alipay.user.info.share', { kind: 'ok', body: { code: '40006', msg: 'Insufficient Permissions', sub_code: 'isv.insufficient-isv-permissions', sub_msg: '应用权限不足' } });
    await expect(alipay.identify('auth-base-code-2')).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  test('an uncertified account stays uncertified when it later signs in with auth_base only', async () => {
    const userId = `2088${Date.now()}1`;
    fake.answers.set('alipay.system.oauth.token', token({ user_id: userId }));
    fake.answers.set('alipay.user.info.share', { kind: 'ok', body: { ...info('F').body, user_id: userId } });
    const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
    const secrets = { fieldKey: randomBytes(32).toString('base64url'), lookupKey: randomBytes(32).toString('base64url') };
    const ports: ResidentPorts = residentPortsWith(db, process.env.TABLE_NAME!, secrets, { sandboxAllowed: false, alipay, countAttempts: false });
    const first = await signIn(ports, { provider: 'alipay', authCode: 'code-f' }, new Date());
    expect(first.certified).toBe(false);
    fake.answers.set('alipay.user.info.share', { kind: 'ok', body: { code: '40006', msg: 'Insufficient Permissions', sub_code: 'isv.insufficient-user-permissions', sub_msg: '用户授权权限不足' } });
    const base = await signIn(ports, { provider: 'alipay', authCode: 'code-b' }, new Date());
    expect(base).toMatchObject({ accountId: first.accountId, certified: false, registered: false });
  });

  test('an expired auth code (business error) is a 401 in Chinese', async () => {
    fake.answers.set('alipay.system.oauth.token', { kind: 'error', asErrorResponse: true, body: { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.code-invalid', sub_msg: '授权码code无效' } });
    const err = await alipay.identify('stale').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect((err as UnauthenticatedError).detail).toMatch(/授权/);
  });

  test('a timeout, garbage and a forged signature are 503, never a crash', async () => {
    fake.answers.set('alipay.system.oauth.token', { kind: 'hang' });
    await expect(alipay.identify('a')).rejects.toBeInstanceOf(DependencyUnavailableError);
    fake.answers.set('alipay.system.oauth.token', { kind: 'garbage' });
    await expect(alipay.identify('b')).rejects.toBeInstanceOf(DependencyUnavailableError);
    fake.answers.set('alipay.system.oauth.token', { kind: 'bad-signature', body: token({ user_id: '2088000000000009' }).body });
    await expect(alipay.identify('c')).rejects.toBeInstanceOf(DependencyUnavailableError);
  });

  test('an uncertified account signs in, and its profile is refused with 422 "请先完成支付宝实名认证"', async () => {
    fake.answers.set('alipay.system.oauth.token', token({ user_id: `2088${Date.now()}` }));
    fake.answers.set('alipay.user.info.share', info('F'));
    const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
    const secrets = { fieldKey: randomBytes(32).toString('base64url'), lookupKey: randomBytes(32).toString('base64url') };
    const ports: ResidentPorts = residentPortsWith(db, process.env.TABLE_NAME!, secrets, { sandboxAllowed: false, alipay, countAttempts: false });
    const now = new Date();
    const account = await signIn(ports, { provider: 'alipay', authCode: 'code-x' }, now);
    expect(account).toMatchObject({ certified: false, registered: false });
    const again = await signIn(ports, { provider: 'alipay', authCode: 'code-y' }, now);
    expect(again.accountId).toBe(account.accountId);
    const refused = await registerProfile(ports, account.accountId, account.certified, profileBody(), now).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RuleRefusedError);
    expect((refused as RuleRefusedError).detail).toBe('请先完成支付宝实名认证');
    // Sandbox is refused where it is not allowed.
    await expect(signIn(ports, { provider: 'sandbox', subject: 'x' }, now)).rejects.toMatchObject({ status: 403 });
  });

  test('phone envelope: checked with rsaCheck, opened with aesDecrypt; a forged one is a 400', () => {
    const cipher = createCipheriv('aes-128-cbc', Buffer.from(encryptKey, 'base64'), Buffer.alloc(16));
    const response = Buffer.concat([cipher.update(JSON.stringify({ code: '10000', msg: 'Success', mobile: '13900001234' })), cipher.final()]).toString('base64');
    const sign = signRsa2(`"${response}"`, fake.alipayPrivateKey);
    expect(alipay.openPhoneEnvelope(response, sign)).toBe('13900001234');
    expect(() => alipay.openPhoneEnvelope(response, signRsa2(`"${response}x"`, fake.alipayPrivateKey))).toThrow(ValidationError);
    expect(() => alipay.openPhoneEnvelope('garbage', signRsa2('"garbage"', fake.alipayPrivateKey))).toThrow(ValidationError);
  });
});
