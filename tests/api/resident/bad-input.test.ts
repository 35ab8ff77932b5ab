import { accountPk, holderPk, morning, profileBody, quietDeclaration, residentId, signIn, snapshot, withWrongCheckDigit, personName, addDependentVerified } from '../../support/resident-fixtures';
import { PROBLEM_TYPES } from '../../../shared/api/problem-types';
import { addDays, shanghaiDay } from '../../../shared/time';

const SCOPE = 'resident-bad-input';
const HUGE = JSON.stringify({ name: 'x'.repeat(1024 * 1024) });

async function expectRefused(res: { status: number; headers: Headers; body: any }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(res.body.detail).toMatch(/[\u4e00-\u9fff]/);
}

/** API tests share a machine with DynamoDB Local and serverless-offline; a loaded one is slow. */
const SLOW_MACHINE_MS = 120_000;

describe('bad input on every resident route: Chinese problem+json 400/409/422, nothing written', () => {
  let me: Awaited<ReturnType<typeof signIn>>;
  const now = morning(2);
  const today = shanghaiDay(now);

  beforeAll(async () => {
    me = await signIn(SCOPE);
    await me.api.setClock(now);
    me = await signIn(SCOPE, me.subject);
  }, SLOW_MACHINE_MS);
  afterAll(() => me.api.resetClock());

  const unchanged = async (run: () => Promise<void>) => {
    const before = await snapshot(holderPk(me.accountId), accountPk(me.accountId));
    await run();
    expect(await snapshot(holderPk(me.accountId), accountPk(me.accountId))).toBe(before);
  };

  test('sign-in: unknown provider, unknown field, 1 MB body', async () => {
    await expectRefused(await me.api.call('POST', '/v1/resident/sessions', { provider: 'wechat', subject: 'x' }), 400);
    await expectRefused(await me.api.call('POST', '/v1/resident/sessions', { provider: 'sandbox', subject: 'x', admin: true }), 400);
    await expectRefused(await me.api.call('POST', '/v1/resident/sessions', HUGE), 413);
  }, SLOW_MACHINE_MS);

  test('profile: wrong check digit, future birth date, unknown field, 1 MB body', async () => {
    await unchanged(async () => {
      await expectRefused(await me.call('POST', '/v1/resident/profile', { ...profileBody(), documentNumber: withWrongCheckDigit(residentId()) }), 400);
      const future = shanghaiDay(new Date(now.getTime() + 40 * 86_400_000)).replaceAll('-', '');
      await expectRefused(await me.call('POST', '/v1/resident/profile', { ...profileBody(), documentNumber: residentId(future) }), 400);
      await expectRefused(await me.call('POST', '/v1/resident/profile', { ...profileBody(), role: 'admin' }), 400);
      await expectRefused(await me.call('POST', '/v1/resident/profile', HUGE), 413);
    });
  }, SLOW_MACHINE_MS);

  test('before registration: declaration, check-in, status and code are 409', async () => {
    await unchanged(async () => {
      await expectRefused(await me.call('POST', '/v1/resident/declarations', quietDeclaration), 409);
      await expectRefused(await me.call('GET', '/v1/resident/status'), 409);
      await expectRefused(await me.call('GET', '/v1/resident/code'), 409);
    });
  }, SLOW_MACHINE_MS);

  test('declaration: missing pledge, pledge false, travel 30 days ago, temperature 45, unknown field, 1 MB body', async () => {
    expect((await me.call('POST', '/v1/resident/profile', profileBody())).status).toBe(201);
    await unchanged(async () => {
      const { commitment: _omit, ...noPledge } = quietDeclaration;
      void _omit;
      const res = await me.call('POST', '/v1/resident/declarations', noPledge);
      await expectRefused(res, 400);
      expect(res.body.detail).toBe('请勾选本人郑重承诺');
      await expectRefused(await me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, commitment: false }), 400);
      const old = { region: '330100', from: addDays(today, -32), to: addDays(today, -30) };
      await expectRefused(await me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, travel: [old] }), 400);
      await expectRefused(await me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, temperature: 45 }), 400);
      await expectRefused(await me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, region: '999999' }), 400);
      await expectRefused(await me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, color: 'green' }), 400);
      await expectRefused(await me.call('POST', '/v1/resident/declarations', HUGE), 413);
      // Check-in before any declaration: a 409 of its own type, not "already checked in".
      const early = await me.call('POST', '/v1/resident/checkins', { temperature: 36.5, symptoms: [] });
      await expectRefused(early, 409);
      expect(early.body.type).toBe(PROBLEM_TYPES.notDeclared);
    });
  }, SLOW_MACHINE_MS);

  test('check-in: temperature 45, unknown symptom, unknown field; a second one the same day is 409', async () => {
    expect((await me.call('POST', '/v1/resident/declarations', quietDeclaration)).status).toBe(201);
    await unchanged(async () => {
      await expectRefused(await me.call('POST', '/v1/resident/checkins', { temperature: 45, symptoms: [] }), 400);
      await expectRefused(await me.call('POST', '/v1/resident/checkins', { temperature: 36.5, symptoms: ['sneezing-fits'] }), 400);
      await expectRefused(await me.call('POST', '/v1/resident/checkins', { temperature: 36.5, symptoms: [], mood: 'ok' }), 400);
      await expectRefused(await me.call('POST', '/v1/resident/checkins', HUGE), 413);
    });
    expect((await me.call('POST', '/v1/resident/checkins', { temperature: 36.5, symptoms: [] })).status).toBe(201);
    await unchanged(async () => {
      const second = await me.call('POST', '/v1/resident/checkins', { temperature: 36.6, symptoms: [] });
      await expectRefused(second, 409);
      expect(second.body.type).toBe(PROBLEM_TYPES.alreadyCheckedIn);
    });
  }, SLOW_MACHINE_MS);

  test('a document bound to another account is 409; an uncertified account is 422', async () => {
    const other = await signIn(SCOPE);
    const body = profileBody();
    expect((await other.call('POST', '/v1/resident/profile', body)).status).toBe(201);
    const third = await signIn(SCOPE);
    const before = await snapshot(holderPk(third.accountId), accountPk(third.accountId));
    await expectRefused(await third.call('POST', '/v1/resident/profile', { ...body, name: personName() }), 409);
    expect(await snapshot(holderPk(third.accountId), accountPk(third.accountId))).toBe(before);
    // An uncertified sandbox account is refused by rule.
    const uncertified = await signIn(SCOPE, `uncertified-${Date.now()}`);
    const refused = await uncertified.call('POST', '/v1/resident/profile', profileBody());
    await expectRefused(refused, 422);
    expect(refused.body.detail).toBe('请先完成支付宝实名认证');
  }, SLOW_MACHINE_MS);

  test('dependents: wrong check digit, unknown relation, a document already bound, more than 5, anyone else\'s is 404', async () => {
    await unchanged(async () => {
      await expectRefused(await me.call('POST', '/v1/resident/dependents', { name: personName(), documentType: 'resident-id', documentNumber: withWrongCheckDigit(residentId()), relation: 'child' }), 400);
      await expectRefused(await me.call('POST', '/v1/resident/dependents', { name: personName(), documentType: 'resident-id', documentNumber: residentId('20150101'), relation: 'pet' }), 400);
      await expectRefused(await me.call('POST', '/v1/resident/dependents', HUGE), 413);
    });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { added, result } = await addDependentVerified(me, { name: personName(), documentType: 'resident-id', documentNumber: residentId(`20${10 + i}0101`), relation: 'child' });
      expect([added.status, result.status]).toEqual([201, 200]);
      ids.push(added.body.dependent.id);
    }
    await unchanged(async () => {
      await expectRefused(await me.call('POST', '/v1/resident/dependents', { name: personName(), documentType: 'resident-id', documentNumber: residentId('20160101'), relation: 'child' }), 422);
    });
    const list = await me.call('GET', '/v1/resident/dependents');
    expect(list.body.dependents.map((d: { id: string }) => d.id).sort()).toEqual([...ids].sort());
    const stranger = await signIn(SCOPE);
    for (const path of ['status', 'code', 'history']) await expectRefused(await stranger.call('GET', `/v1/resident/dependents/${ids[0]}/${path}`), 404);
    await expectRefused(await stranger.call('POST', `/v1/resident/dependents/${ids[0]}/declarations`, quietDeclaration), 404);
    await expectRefused(await stranger.call('POST', `/v1/resident/dependents/${ids[0]}/checkins`, { temperature: 36.5, symptoms: [] }), 404);
  }, SLOW_MACHINE_MS);
});
