/**
 * The Alipay path end to end in process: the real adapter (alipay-sdk) against the loopback fake
 * gateway, the real use cases, DynamoDB Local. Alipay's certified identity becomes the profile; a
 * typed identity is bound only after identity verification passes for exactly that name and document.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { alipayClient, certifiedIdentityOf } from '../../../functions/adapters/alipay';
import { createDocumentClient } from '../../../functions/adapters/dynamo';
import { keys } from '../../../functions/adapters/keys';
import { addDependent, completeDependentVerification, registerProfile, restartDependentVerification, signIn, startSelfVerification, type ResidentPorts } from '../../../functions/core/resident';
import { startFakeAlipay, type FakeAlipay } from '../../support/fake-alipay';
import { personName, phone, residentId } from '../../support/resident-fixtures';
import { residentPortsWith } from '../../../functions/wiring/resident';

let fake: FakeAlipay;
let ports: ResidentPorts;
const now = new Date();
const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const tableName = process.env.TABLE_NAME!;

beforeAll(async () => {
  fake = await startFakeAlipay();
  const alipay = alipayClient({ appId: '2021000000000001', privateKey: fake.appPrivateKey, alipayPublicKey: fake.alipayPublicKey, gateway: fake.gateway, timeoutMs: 500 });
  const lookupKey = randomBytes(32).toString('base64url');
  ports = residentPortsWith(db, tableName, { fieldKey: randomBytes(32).toString('base64url'), lookupKey }, { sandboxAllowed: false, alipay });

});
afterAll(() => fake.close());

let userSeq = 0;
/** Signs a new Alipay user in; `info` is what user.info.share returns beside the user id. */
async function alipayUser(info: Record<string, string>) {
  const userId = `2088${Date.now()}${userSeq++}`;
  fake.answers.set('alipay.system.oauth.token', { kind: 'ok', body: { user_id: userId, access_token: `tok-${userId}`, expires_in: 1296000, refresh_token: 'r', re_expires_in: 2592000 } });
  fake.answers.set('alipay.user.info.share', { kind: 'ok', body: { code: '10000', msg: 'Success', user_id: userId, is_certified: 'T', ...info } });
  return signIn(ports, { provider: 'alipay', authCode: `code-${userId}` }, now);
}

const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (err: { status?: number; detail?: string }) => ({ status: err.status, detail: err.detail }));

describe('identity from Alipay', () => {
  test('cert types map to ours, HK/Macau and Taiwan permits and passports included; others and malformed numbers give no identity', () => {
    const id = residentId();
    expect(certifiedIdentityOf({ userName: '张三', certType: '0', certNo: id }, now)).toEqual({ name: '张三', documentType: 'resident-id', documentNumber: id });
    expect(certifiedIdentityOf({ userName: '陈大文', certType: '11', certNo: 'H12345678' }, now)?.documentType).toBe('hk-macau-permit');
    expect(certifiedIdentityOf({ userName: '陈大文', certType: '4', certNo: 'H12345678' }, now)?.documentType).toBe('hk-macau-permit');
    expect(certifiedIdentityOf({ userName: '林小美', certType: '12', certNo: '12345678' }, now)?.documentType).toBe('taiwan-permit');
    expect(certifiedIdentityOf({ userName: 'John Smith', certType: '1', certNo: 'E12345678' }, now)?.documentType).toBe('passport');
    expect(certifiedIdentityOf({ userName: '张三', certType: '2', certNo: id }, now)).toBeUndefined();
    expect(certifiedIdentityOf({ userName: '张三', certType: '0', certNo: '123' }, now)).toBeUndefined();
    expect(certifiedIdentityOf({ certType: '0', certNo: id }, now)).toBeUndefined();
  });

  test('Alipay\'s certified identity becomes the profile: confirmed, never typed; a different typed one is refused', async () => {
    const name = personName();
    const id = residentId();
    const account = await alipayUser({ user_name: name, cert_type: '0', cert_no: id });
    expect(account.certifiedIdentity).toEqual({ maskedName: expect.stringContaining('*'), documentType: 'resident-id', maskedDocument: expect.stringContaining('*') });
    expect(JSON.stringify(account)).not.toContain(id);
    // A typed identity that is not Alipay's is refused, and nothing is bound.
    const other = await refusal(registerProfile(ports, account.accountId, true, { name: personName(), documentType: 'resident-id', documentNumber: residentId(), phone: phone() }, now));
    expect(other).toEqual({ status: 422, detail: '姓名和证件须与支付宝实名信息一致，请直接确认支付宝实名信息' });
    const profile = await registerProfile(ports, account.accountId, true, { identity: 'alipay', phone: phone() }, now);
    expect(profile).toMatchObject({ maskedName: account.certifiedIdentity!.maskedName, maskedDocument: account.certifiedIdentity!.maskedDocument, documentType: 'resident-id' });
    const binding = await db.send(new GetCommand({ TableName: tableName, Key: keys.documentBinding(ports.hashDocument('resident-id', id)), ConsistentRead: true }));
    expect(binding.Item).toMatchObject({ holderId: account.accountId, kind: 'account', verified: true });
    const stored = await db.send(new GetCommand({ TableName: tableName, Key: keys.account(account.accountId), ConsistentRead: true }));
    expect(ports.cipher.decrypt('name', stored.Item!.profile.nameEnc)).toBe(name);
  });

  test('without certified fields, a typed identity needs a passed verification of exactly that name and document', async () => {
    const name = personName();
    const id = residentId();
    const account = await alipayUser({});
    expect(account.certifiedIdentity).toBeUndefined();
    expect(await refusal(registerProfile(ports, account.accountId, true, { name, documentType: 'resident-id', documentNumber: id, phone: phone() }, now)))
      .toEqual({ status: 422, detail: '请先完成支付宝身份验证，验证通过后再登记' });
    expect(await refusal(registerProfile(ports, account.accountId, true, { identity: 'alipay', phone: phone() }, now)))
      .toEqual({ status: 422, detail: '未获取到支付宝实名信息，请先完成支付宝身份验证' });

    const { verification } = await startSelfVerification(ports, account.accountId, { name, documentType: 'resident-id', documentNumber: id }, now);
    const record = fake.certify.records.get(verification.certifyId)!;
    expect(record).toMatchObject({ bizCode: 'FACE', identity: { identity_type: 'CERT_INFO', cert_type: 'IDENTITY_CARD', cert_name: name, cert_no: id } });
    // The page URL the client opens is signed by the app, and names this certify id.
    expect(fake.certify.openPage(verification.url)).toBe(verification.certifyId);
    const withTicket = { verificationId: verification.id, phone: phone() };

    // Not done yet, quit half-way, a different person (mismatched name) in front of the camera: refused.
    const notPassed = { status: 422, detail: '身份验证未通过：请本人面对手机，按提示重新验证' };
    expect(await refusal(registerProfile(ports, account.accountId, true, withTicket, now))).toEqual(notPassed);
    fake.certify.face(verification.certifyId, 'quit');
    expect(await refusal(registerProfile(ports, account.accountId, true, withTicket, now))).toEqual(notPassed);
    fake.certify.face(verification.certifyId, { name: personName(), certNo: id });
    expect(await refusal(registerProfile(ports, account.accountId, true, withTicket, now))).toEqual(notPassed);
    // A timeout of the query is a 503, never a pass.
    fake.answers.set('alipay.user.certify.open.query', { kind: 'hang' });
    fake.certify.face(verification.certifyId, { name, certNo: id });
    expect((await refusal(registerProfile(ports, account.accountId, true, withTicket, now)))?.status).toBe(503);
    fake.answers.delete('alipay.user.certify.open.query');
    // The right person: the verified identity (not anything typed with it) becomes the profile.
    const profile = await registerProfile(ports, account.accountId, true, withTicket, now);
    expect(profile.documentType).toBe('resident-id');
    const binding = await db.send(new GetCommand({ TableName: tableName, Key: keys.documentBinding(ports.hashDocument('resident-id', id)), ConsistentRead: true }));
    expect(binding.Item).toMatchObject({ holderId: account.accountId, kind: 'account' });
  });

  test('an expired certify id is a Chinese 422 that says to start again; someone else\'s verification id is unknown', async () => {
    const name = personName();
    const id = residentId();
    const account = await alipayUser({});
    const { verification } = await startSelfVerification(ports, account.accountId, { name, documentType: 'resident-id', documentNumber: id }, now);
    fake.certify.face(verification.certifyId, { name, certNo: id });
    fake.certify.expire(verification.certifyId);
    const expired = { status: 422, detail: '身份验证已过期，请重新发起验证' };
    expect(await refusal(registerProfile(ports, account.accountId, true, { verificationId: verification.id, phone: phone() }, now))).toEqual(expired);
    const stranger = await alipayUser({});
    expect(await refusal(registerProfile(ports, stranger.accountId, true, { verificationId: verification.id, phone: phone() }, now))).toEqual(expired);
  });

  test('a dependent faces the manager\'s phone: the certify flow with the dependent\'s name and document binds them only when it passes', async () => {
    const manager = await alipayUser({ user_name: personName(), cert_type: '0', cert_no: residentId() });
    await registerProfile(ports, manager.accountId, true, { identity: 'alipay', phone: phone() }, now);
    const name = personName();
    const id = residentId('20170203');
    const added = await addDependent(ports, manager.accountId, { name, documentType: 'resident-id', documentNumber: id, relation: 'child' }, now);
    expect(added.dependent.state).toBe('pending');
    expect(fake.certify.records.get(added.verification.certifyId)!.identity).toMatchObject({ cert_name: name, cert_no: id });
    fake.certify.face(added.verification.certifyId, { name: personName(), certNo: id });
    expect((await refusal(completeDependentVerification(ports, manager.accountId, added.dependent.id, now)))?.status).toBe(422);
    // A new verification after a failure; this time the child is in front of the camera.
    const again = await restartDependentVerification(ports, manager.accountId, added.dependent.id, now);
    expect(again.verification.certifyId).not.toBe(added.verification.certifyId);
    fake.certify.face(again.verification.certifyId, { name, certNo: id });
    const done = await completeDependentVerification(ports, manager.accountId, added.dependent.id, now);
    expect(done.dependent).toMatchObject({ id: added.dependent.id, state: 'active' });
    const binding = await db.send(new GetCommand({ TableName: tableName, Key: keys.documentBinding(ports.hashDocument('resident-id', id)), ConsistentRead: true }));
    expect(binding.Item).toMatchObject({ holderId: added.dependent.id, kind: 'dependent', verified: true });
  });

  test('a request whose signature does not verify is refused by the gateway, and the adapter answers 503', async () => {
    const forger = alipayClient({ appId: '2021000000000001', privateKey: fake.alipayPrivateKey, alipayPublicKey: fake.alipayPublicKey, gateway: fake.gateway, timeoutMs: 500 });
    const err = await forger.startVerification({ outerOrderNo: 'x', identity: { name: '张三', documentType: 'resident-id', documentNumber: residentId() } }).catch((e: { status?: number }) => e);
    expect((err as { status?: number }).status).toBe(503);
  });
});
