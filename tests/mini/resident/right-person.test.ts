/**
 * The right person's code in one tap, against the real API: every launch opens on the holder's own
 * code, a dependent's code is shown under its banner and only while its page lasts, the pages done
 * for a dependent use the dependent's routes, a lapsed session is renewed silently (the code stays
 * on screen if it cannot be), and the check-in reads the server's problem type.
 */
import { jest } from '@jest/globals';
import { codeView } from '../../../mini-program/resident/pages/code/utils';
import { profileBody, signIn } from '../../support/resident-fixtures';
import { createMiniApp, type MiniApp } from '../harness';
import { residentWithDependent, returningPhone as phoneOf } from './support';

jest.setTimeout(120_000);

const SCOPE = 'mini-resident-right-person';

/** A registered, declared resident with one declared dependent, made through the API. */
const family = () => residentWithDependent(SCOPE, 'rp', { birth: '19400101' });
const returningPhone = (subject: string): MiniApp => phoneOf(SCOPE, subject);

/** Handler calls (taps) a test makes on pages; launching the mini-program is the one tap that is free. */
function countTaps(app: MiniApp) {
  let taps = 0;
  return {
    get taps() {
      return taps;
    },
    async tap(method: string, ...args: unknown[]) {
      taps++;
      return app.current.call(method, ...args);
    },
  };
}

let household: Awaited<ReturnType<typeof family>>;
beforeAll(async () => {
  household = await family();
});

test('one tap on a normal day: opening the mini-program shows a valid own code, signed in silently', async () => {
  const app = returningPhone(household.subject);
  const counter = countTaps(app);
  await app.launch();
  expect(app.current.route).toBe('pages/code/index');
  expect(app.current.data).toMatchObject({ state: 'live', showQr: true, forDependent: false, subjectBanner: '', subjectLabel: '本人' });
  expect(counter.taps).toBe(0); // the one tap was opening the mini-program
  expect(app.requestsTo('/v1/resident/sessions', 'POST').map((r) => r.status)).toEqual([200]);
  await app.close();
});

test('a cached valid code shows at once on open, before any answer; an expired one never does', async () => {
  const app = returningPhone(household.subject);
  await app.launch();
  const cached = app.storage.get('lastCode');
  expect(cached).toMatchObject({ svg: expect.any(String), receivedAt: app.clock.now() });
  await app.close();

  // The next open while the network is down: the cached code, valid for its remaining seconds.
  app.controls.offline = true;
  await app.clock.advance(30_000);
  const page = await app.open('pages/code/index');
  expect(page.data).toMatchObject({ state: 'offline', showQr: true, color: 'green' });
  expect(page.data.notice).toMatch(/^网络连接失败，请检查网络后重试。当前健康码有效至\d\d:\d\d:\d\d，过期后将不再显示$/);
  expect(page.data.noticeTone).toBe('warn');
  await app.close();

  await app.clock.advance(120_000);
  const later = await app.open('pages/code/index');
  expect(later.data).toMatchObject({ showQr: false, state: 'error' });
  expect(later.data.voidText).toBe('暂时无法获取健康码');
  await app.close();
});

test('loading is neutral: no "no code" alarm while the first answer is on its way', async () => {
  const app = returningPhone(household.subject);
  await app.launch();
  const page = app.current;
  // What the view shows before the first answer: the page without a snapshot.
  const loading = codeView({ nowMs: app.clock.now() });
  expect(loading).toMatchObject({ state: 'loading', voidText: '正在获取健康码…', notice: '' });
  expect(page.data.state).toBe('live');
  await app.close();
});

test('a dependent’s code: full-width banner and its own frame, and back to the holder when the page is left', async () => {
  const app = returningPhone(household.subject);
  await app.launch();
  await app.current.call('onOpenFamily');
  const familyPage = app.current;
  expect(familyPage.route).toBe('pages/family/index');
  await familyPage.tap('onShowCode', { id: household.dependent.id });

  const theirs = app.current;
  expect(theirs.route).toBe('pages/code/index');
  expect(theirs.data).toMatchObject({
    forDependent: true,
    subjectBanner: `正在出示：家人 ${household.dependent.maskedName}`,
    subjectLabel: `家人 ${household.dependent.maskedName}`,
    holderName: household.dependent.maskedName,
    state: 'live',
  });
  expect(app.requestsTo(`/v1/resident/dependents/${household.dependent.id}/code`, 'GET').length).toBeGreaterThan(0);
  // Nothing about the choice is stored: another launch cannot inherit it.
  expect([...app.storage.keys()].filter((k) => k.includes('subject'))).toEqual([]);

  // Their status, check-in and history say whom they are for and use their routes.
  await theirs.call('onOpenStatus');
  expect(app.current.data).toMatchObject({ forDependent: true, subjectBanner: `正在查看：家人 ${household.dependent.maskedName}`, loaded: true });
  expect(app.requestsTo(`/v1/resident/dependents/${household.dependent.id}/status`, 'GET').map((r) => r.status)).toEqual([200]);
  await app.current.call('onOpenHistory');
  expect(app.current.data).toMatchObject({ forDependent: true, loaded: true });
  expect(app.requestsTo(`/v1/resident/dependents/${household.dependent.id}/history`, 'GET').map((r) => r.status)).toEqual([200]);
  expect(app.requestsTo('/v1/resident/history')).toEqual([]);
  await app.back();
  await app.back();
  // Back from their own pages: still their code.
  expect(app.current.data).toMatchObject({ forDependent: true, holderName: household.dependent.maskedName });

  // The app goes to the background and comes back: the holder's own code.
  await app.runHook(app.current.instance, 'onHide');
  const before = app.requests.length;
  await app.runHook(app.current.instance, 'onShow');
  expect(app.current.data).toMatchObject({ forDependent: false, subjectBanner: '', subjectLabel: '本人', state: 'live' });
  // (Masked names of different people can look alike, so the route tells whose code it is.)
  expect(app.requests.slice(before).filter((r) => r.path.endsWith('/code')).map((r) => r.path)).toEqual(['/v1/resident/code']);
  await app.close();

  // And a new launch is the holder's code, whatever was shown before.
  await app.launch();
  expect(app.current.route).toBe('pages/code/index');
  expect(app.current.data.forDependent).toBe(false);
  await app.close();
});

test('a dependent’s check-in and declaration use their routes and say whom they act for', async () => {
  const app = returningPhone(household.subject);
  await app.launch();
  const checkin = await app.open('pages/checkin/index', { dependent: household.dependent.id, name: household.dependent.maskedName });
  expect(checkin.data).toMatchObject({ forDependent: true, subjectBanner: `正在为谁打卡：家人 ${household.dependent.maskedName}` });
  await checkin.call('onTemperatureInput', '36.5');
  await checkin.call('onSymptomsChange', ['none']);
  await checkin.call('onSubmit');
  expect(app.requestsTo(`/v1/resident/dependents/${household.dependent.id}/checkins`, 'POST').map((r) => r.status)).toEqual([201]);
  expect(app.requestsTo('/v1/resident/checkins')).toEqual([]);

  const declaration = await app.open('pages/declaration/index', { dependent: household.dependent.id, name: household.dependent.maskedName });
  expect(declaration.data).toMatchObject({ forDependent: true, subjectLabel: `家人 ${household.dependent.maskedName}` });
  await app.close();
});

test('check-in answers: already checked in today is not an anomaly, and not yet declared says so', async () => {
  const app = returningPhone(household.subject);
  await app.launch();
  const first = await app.open('pages/checkin/index');
  await first.call('onTemperatureInput', '36.6');
  await first.call('onSymptomsChange', ['none']);
  await first.call('onSubmit');
  expect(first.data).toMatchObject({ doneToday: true, streakText: '已连续正常打卡1天' });

  // Another phone (or a phone that forgot) tries again: the server says "already checked in".
  app.storage.delete('lastCheckin');
  const again = await app.open('pages/checkin/index');
  await again.call('onTemperatureInput', '36.6');
  await again.call('onSymptomsChange', ['none']);
  await again.call('onSubmit');
  expect(again.data).toMatchObject({ doneToday: true, streakText: '', notice: '' });
  expect(JSON.stringify(again.data)).not.toContain('异常');
  await app.close();

  // A fresh resident with a profile but no declaration: the other 409.
  const fresh = `rp-fresh-${Date.now().toString(36)}`;
  const newcomer = await signIn(SCOPE, `sandbox-${fresh}`);
  expect((await newcomer.call('POST', '/v1/resident/profile', profileBody())).status).toBe(201);
  const phone = returningPhone(fresh);
  await phone.launch();
  expect(phone.current.data).toMatchObject({ state: 'undeclared' });
  expect(phone.current.data.notice).toBe('还没有完成健康申报，申报后即可出示健康码');
  const page = await phone.open('pages/checkin/index');
  await page.call('onTemperatureInput', '36.6');
  await page.call('onSymptomsChange', ['none']);
  await page.call('onSubmit');
  expect(page.data).toMatchObject({ doneToday: false, needsDeclaration: true, notice: '还没有完成健康申报，请先完成健康申报再打卡' });
  await page.call('onOpenDeclaration');
  expect(phone.current.route).toBe('pages/declaration/index');
  await phone.close();
});

test('a 401 during a refresh: signed in again silently and retried; if that fails, the code stays until it expires', async () => {
  const app = returningPhone(household.subject);
  await app.launch();
  const page = app.current;
  expect(page.data.state).toBe('live');

  // The server no longer accepts the stored token.
  app.storage.set('session', { token: 'expired.token.value', expiresAt: new Date(app.clock.now() + 3_600_000).toISOString() });
  const signIns = app.requestsTo('/v1/resident/sessions', 'POST').length;
  await app.clock.advance(60_000);
  expect(app.requestsTo('/v1/resident/code', 'GET').map((r) => r.status).slice(-2)).toEqual([401, 200]);
  expect(app.requestsTo('/v1/resident/sessions', 'POST').length).toBe(signIns + 1);
  expect(page.data).toMatchObject({ state: 'live', showQr: true, canSignIn: false });

  // Now the silent sign-in is refused too: the valid code stays, with the way to sign in again.
  app.storage.set('session', { token: 'expired.token.value', expiresAt: new Date(app.clock.now() + 3_600_000).toISOString() });
  app.controls.refuseAuth = true;
  await app.clock.advance(60_000);
  expect(page.data).toMatchObject({ state: 'offline', showQr: true, canSignIn: true });
  expect(page.data.notice).toMatch(/^登录已过期。当前健康码有效至\d\d:\d\d:\d\d，过期后将不再显示$/);
  await app.clock.advance(70_000);
  expect(page.data).toMatchObject({ state: 'expired', showQr: false, canSignIn: true });
  await app.close();
});

test('elder mode (长辈模式): switched on from home or account, kept on every page, and the host font size is followed', async () => {
  const app = createMiniApp({ appDir: 'mini-program/resident', clockScope: SCOPE, fakes: { getSystemInfoSync: () => ({ platform: 'harness', fontSizeSetting: 20 }) } });
  const home = await app.launch();
  // A large host font alone already enlarges the text.
  expect(home.data).toMatchObject({ elder: false, displayClass: 'text-xlarge' });
  await home.call('onToggleElder');
  expect(home.data).toMatchObject({ elder: true, displayClass: 'elder text-xlarge' });
  expect(app.storage.get('display')).toEqual({ elder: true });
  await app.close();

  const standard = returningPhone(household.subject);
  standard.storage.set('display', { elder: true });
  await standard.launch();
  expect(standard.current.data.displayClass).toBe('elder text-large');
  const account = await standard.open('pages/account/index');
  expect(account.data.displayClass).toBe('elder text-large');
  await account.call('onToggleElder');
  expect(account.data).toMatchObject({ elder: false, displayClass: 'text-normal' });
  const family = await standard.open('pages/family/index');
  expect(family.data.displayClass).toBe('text-normal');
  await standard.close();
});
