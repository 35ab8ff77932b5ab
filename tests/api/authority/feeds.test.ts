import { client } from '../../support/http';
import { morning, profileBody, quietDeclaration, signIn } from '../../support/resident-fixtures';
// Random birth dates: a made-up record must never hit another test's resident.
import { residentId } from '../../support/authority-fixtures';
import { authority, declaredResident, feedId } from './helpers';

const SCOPE = 'authority-feeds';
const now = morning(3);
const asAuthority = authority(SCOPE);
const closeContact = (documentNumber: string) => ({ documentType: 'resident-id', documentNumber, at: new Date(now.getTime() - 3_600_000).toISOString(), lastExposureDay: now.toISOString().slice(0, 10) });

beforeAll(async () => {
  await (await signIn(SCOPE)).api.setClock(now);
});
afterAll(async () => {
  await (await signIn(SCOPE)).api.resetClock();
});

describe('POST /v1/authority/feeds over HTTP', () => {
  test('a close-contact feed turns a green resident red, and someone registering after it is red on registration', async () => {
    const green = await declaredResident(SCOPE);
    expect((await green.call('GET', '/v1/resident/status')).body.color).toBe('green');
    const later = profileBody();

    const id = feedId('cc');
    const res = await asAuthority('POST', '/v1/authority/feeds', { feedId: id, type: 'close-contact', records: [closeContact(green.profile.documentNumber), closeContact(later.documentNumber)] });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ feedId: id, accepted: 2, rejected: [], affected: 1 });

    const status = await green.call('GET', '/v1/resident/status');
    expect(status.body).toMatchObject({ color: 'red', reasons: [{ code: 'close-contact' }], clearance: { checkinsRequired: 14 } });
    const history = await green.call('GET', '/v1/resident/history');
    expect(history.body.changes[0]).toMatchObject({ from: 'green', to: 'red' });

    const newcomer = await signIn(SCOPE);
    expect((await newcomer.call('POST', '/v1/resident/profile', later)).status).toBe(201);
    expect((await newcomer.call('POST', '/v1/resident/declarations', quietDeclaration)).status).toBe(201);
    expect((await newcomer.call('GET', '/v1/resident/status')).body).toMatchObject({ color: 'red', reasons: [{ code: 'close-contact' }] });
  });

  test('a forged serverless-offline authorizer header is no authority on local: 401, and nobody turns red', async () => {
    const victim = await declaredResident(SCOPE);
    const forged = JSON.stringify({ iam: { userArn: 'arn:aws-cn:iam::000000000000:user/forger' } });
    const res = await client(SCOPE).call('POST', '/v1/authority/feeds', { feedId: feedId('forged'), type: 'confirmed', records: [closeContact(victim.profile.documentNumber)] }, { headers: { 'sls-offline-authorizer-override': forged } });
    expect(res.status).toBe(401);
    expect((await victim.call('GET', '/v1/resident/status')).body.color).toBe('green');
  });

  test('replaying a feed id changes nothing', async () => {
    const me = await declaredResident(SCOPE);
    const feed = { feedId: feedId('replay'), type: 'confirmed', records: [{ documentType: 'resident-id', documentNumber: me.profile.documentNumber, at: now.toISOString() }] };
    const first = await asAuthority('POST', '/v1/authority/feeds', feed);
    expect(first.status).toBe(202);
    const statusBefore = (await me.call('GET', '/v1/resident/status')).body;
    const historyBefore = (await me.call('GET', '/v1/resident/history')).body;

    const replay = await asAuthority('POST', '/v1/authority/feeds', feed);
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual(first.body);
    expect((await me.call('GET', '/v1/resident/status')).body).toEqual(statusBefore);
    expect((await me.call('GET', '/v1/resident/history')).body).toEqual(historyBefore);

    const reused = await asAuthority('POST', '/v1/authority/feeds', { ...feed, type: 'suspected' });
    expect(reused.status).toBe(409);
    expect(reused.headers.get('content-type')).toMatch(/problem\+json/);
  });

  test('3 bad records out of 100: 97 applied, 3 reported with their index and reason in Chinese', async () => {
    const me = await declaredResident(SCOPE);
    const records: unknown[] = Array.from({ length: 100 }, () => ({ documentType: 'resident-id', documentNumber: residentId(), at: now.toISOString() }));
    records[0] = { documentType: 'resident-id', documentNumber: me.profile.documentNumber, at: now.toISOString() };
    records[3] = { documentType: 'resident-id', documentNumber: '33110219850612001', at: now.toISOString() };
    records[50] = { documentType: 'passport', documentNumber: residentId(), at: 'yesterday' };
    records[98] = { documentType: 'resident-id', documentNumber: residentId(), at: now.toISOString(), colour: 'green' };
    const res = await asAuthority('POST', '/v1/authority/feeds', { feedId: feedId('hundred'), type: 'asymptomatic', records });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(97);
    expect(res.body.affected).toBe(1);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([3, 50, 98]);
    for (const r of res.body.rejected) expect(r.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
    expect((await me.call('GET', '/v1/resident/status')).body.color).toBe('red');
  });

  test('authority routes need the authority key: none is 401, a resident token is 403', async () => {
    const me = await signIn(SCOPE);
    const body = { feedId: feedId('auth'), type: 'confirmed', records: [{ documentType: 'resident-id', documentNumber: residentId(), at: now.toISOString() }] };
    expect((await me.api.call('POST', '/v1/authority/feeds', body)).status).toBe(401);
    expect((await me.call('POST', '/v1/authority/feeds', body)).status).toBe(403);
    expect((await me.api.call('POST', '/v1/authority/feeds', body, { headers: { 'x-authority-key': 'guess' } })).status).toBe(401);
  });
});
