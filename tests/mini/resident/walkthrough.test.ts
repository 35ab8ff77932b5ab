/**
 * The reviewer's walkthrough (小程序审核), page by page, against the real API and DynamoDB Local:
 * home → privacy policy → consent → sandbox sign-in and real-name profile → declaration → a green
 * code → daily check-in → history → a dependent and their code → account deletion.
 */
import { jest } from '@jest/globals';
import { generateResidentIdCheckDigit } from '../../../shared/identity';
import { shanghaiDay } from '../../../shared/time';
import { clockTime } from '../../../mini-program/resident/lib/format';
import { call } from '../../support/http';
import { createMiniApp, type MiniApp } from '../harness';

// Each step makes several sequential calls to serverless-offline, which takes seconds per call on a
// loaded machine; the default 30 s would fail a correct page.
jest.setTimeout(120_000);

const SCOPE = 'mini-resident-walkthrough';

/** A valid resident ID of a Lishui (莲都区) birth registration, unique to this run. */
function residentId(birthDay: string): string {
  const sequence = String(Math.floor(Math.random() * 900) + 100);
  const first17 = `331102${birthDay.replace(/-/g, '')}${sequence}`;
  return first17 + generateResidentIdCheckDigit(first17);
}

describe('the resident mini-program, as an app-store reviewer walks it', () => {
  let app: MiniApp;
  const subject = `reviewer-${Date.now().toString(36)}`;
  const ownId = residentId('1990-03-07');
  const childId = residentId('2018-06-01');

  beforeAll(() => {
    app = createMiniApp({ appDir: 'mini-program/resident', clockScope: SCOPE });
    app.controls.authSubject = subject;
  });

  afterAll(async () => {
    await app?.close();
  });

  test('home explains the code and who may apply, asks for nothing and calls nothing', async () => {
    const home = await app.launch();
    expect(home.route).toBe('pages/home/index');
    expect(home.data.intro).toContain('丽水健康码');
    const audiences = home.data.audiences.map((a: { title: string; text: string }) => a.title + a.text).join('');
    expect(audiences).toContain('港澳居民来往内地通行证');
    expect(audiences).toContain('台湾居民来往大陆通行证');
    expect(audiences).toContain('护照');
    expect(home.data.primaryLabel).toBe('申领健康码');
    expect(home.data.services).toEqual([]);
    expect(app.requests).toEqual([]);
  });

  test('the privacy policy says what is collected, why, how long and how to delete it', async () => {
    await app.current.call('onOpenPrivacy');
    const privacy = app.current;
    expect(privacy.route).toBe('pages/privacy/index');
    const titles = privacy.data.sections.map((s: { title: string }) => s.title);
    expect(titles).toEqual(['一、我们收集哪些信息', '二、为什么收集', '三、保存多久', '四、如何删除', '五、您的权利和联系我们']);
    expect(privacy.data.sections[3].paragraphs.join('')).toContain('注销账号并删除数据');
    const home = await app.back();
    expect(home.route).toBe('pages/home/index');
  });

  test('consent: continuing needs the box ticked, and then leads to sign-in', async () => {
    await app.current.call('onPrimary');
    const consent = app.current;
    expect(consent.route).toBe('pages/consent/index');
    expect(consent.data.canContinue).toBe(false);
    await consent.call('onContinue');
    expect(app.current.route).toBe('pages/consent/index');
    await consent.call('onAgreeChange', true);
    expect(consent.data.canContinue).toBe(true);
    await consent.call('onContinue');
    expect(app.current.route).toBe('pages/authorise/index');
    expect(app.storage.get('consent')).toMatchObject({ version: expect.any(String) });
  });

  test('sign-in with a sandbox identity, then the profile validated as it is typed', async () => {
    const page = app.current;
    expect(page.data).toMatchObject({ step: 'signin', sandbox: true });
    await page.call('onSignIn');
    expect(app.requestsTo('/v1/resident/sessions', 'POST')).toEqual([
      expect.objectContaining({ status: 200, body: { provider: 'sandbox', subject: `sandbox-${subject}` } }),
    ]);
    expect(page.data.step).toBe('profile');

    await page.call('onNameInput', '王小丽');
    expect(page.data.errors.name).toBe('');
    await page.call('onNameInput', '王小丽2');
    expect(page.data.errors.name).toBe('姓名不能包含数字或符号');
    await page.call('onNameInput', '王小丽');

    await page.call('onDocumentNumberInput', ownId.slice(0, 10));
    expect(page.data.errors.documentNumber).toBe('');
    const wrongCheck = ownId.slice(0, 17) + (ownId[17] === '0' ? '1' : '0');
    await page.call('onDocumentNumberInput', wrongCheck);
    expect(page.data.errors.documentNumber).toBe('身份证号校验位不正确');
    await page.call('onDocumentNumberInput', ownId.toLowerCase());
    expect(page.data.errors.documentNumber).toBe('');

    // The reviewer declines the phone authorisation and types the number instead.
    await page.call('onPhoneAuthorizeError');
    expect(page.data.phoneMode).toBe('typed');
    await page.call('onPhoneInput', '138 0013 8000');

    await page.call('onSubmitProfile');
    expect(app.requestsTo('/v1/resident/profile', 'POST').map((r) => r.status)).toEqual([201]);
    expect(app.storage.get('profile')).toMatchObject({ registered: true, maskedName: '王*丽', maskedPhone: '138****8000' });
    expect(app.current.route).toBe('pages/declaration/index');
  });

  test('the declaration shows the shared schema’s messages beside the fields and sends nothing invalid', async () => {
    const page = app.current;
    expect(page.data).toMatchObject({ subjectLabel: '本人', canSubmit: false });
    await page.call('onCommitmentChange', true);
    await page.call('onTemperatureInput', '45');
    await page.call('onSubmit');
    expect(page.data.errors).toMatchObject({
      region: '请选择地区',
      symptoms: '请选择症状，没有症状请选择“无”',
      temperature: '体温应在35.0至42.0℃之间，请重新测量',
      contactWithCase: '请选择是否接触过确诊或疑似病例',
    });
    expect(app.requestsTo('/v1/resident/declarations')).toEqual([]);
  });

  test('the declaration: region from the location after the tap, none of the symptoms, submitted', async () => {
    const page = app.current;
    app.controls.location.districtAdcode = '331102';
    await page.call('onUseLocation');
    expect(page.data.form.region).toBe('331102');
    expect(page.data.regionLabel).toBe('浙江省丽水市莲都区');
    expect(page.data.regionPickerValue).toEqual(['331100', '331102']);

    await page.call('onSymptomsChange', ['cough']);
    await page.call('onSymptomsChange', ['cough', 'none']);
    expect(page.data.form.symptoms).toEqual(['none']);
    await page.call('onTemperatureInput', '36.5');
    await page.tap('onContactChange', { value: 'no' });
    expect(page.data.canSubmit).toBe(true);
    await page.call('onSubmit');

    const [declared] = app.requestsTo('/v1/resident/declarations', 'POST');
    expect(declared).toMatchObject({
      status: 201,
      body: { region: '331102', travel: [], symptoms: [], temperature: 36.5, contactWithCase: false, commitment: true },
    });
    expect(app.current.route).toBe('pages/code/index');
  });

  test('the code page shows a green, live, masked code with a clock to the second', async () => {
    const page = app.current;
    expect(page.data).toMatchObject({ state: 'live', showQr: true, colorLabel: '绿码', color: 'green', holderName: '王*丽' });
    expect(page.data.holderDocument).toBe(`${ownId.slice(0, 4)}**********${ownId.slice(14)}`);
    expect(page.data.qrSrc).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(decodeURIComponent(page.data.qrSrc)).toContain('#0b6b2e');
    expect(page.data.clock).toBe(clockTime(new Date(app.clock.now())));
    expect(app.controls.brightness).toBe(1);

    await app.clock.advance(1000);
    expect(page.data.clock).toBe(clockTime(new Date(app.clock.now())));
  });

  test('the code refreshes itself before it expires, says so when the network fails, and never shows an expired code', async () => {
    const page = app.current;
    const before = app.requestsTo('/v1/resident/code').length;
    await app.clock.advance(60_000);
    expect(app.requestsTo('/v1/resident/code').length).toBeGreaterThan(before);
    expect(page.data.state).toBe('live');
    expect(page.data.refreshedAt).not.toBe('');

    app.controls.offline = true;
    const lastRefresh = page.data.refreshedAt;
    await app.clock.advance(60_000);
    expect(page.data.state).toBe('offline');
    expect(page.data.showQr).toBe(true);
    expect(page.data.notice).toMatch(/^网络连接失败，请检查网络后重试。当前健康码有效至\d\d:\d\d:\d\d，过期后将不再显示$/);
    expect(lastRefresh).not.toBe('');

    await app.clock.advance(180_000);
    expect(page.data).toMatchObject({ state: 'expired', showQr: false, qrSrc: '', colorLabel: '健康码已过期' });
    expect(page.data.notice).toContain(`最后更新于${lastRefresh}，已过期`);

    app.controls.offline = false;
    await page.pullDown();
    expect(page.data).toMatchObject({ state: 'live', showQr: true, colorLabel: '绿码' });
    expect(app.controls.stoppedPullDowns).toBe(1);

    await page.call('onToggleEnlarge');
    expect(page.data.enlarged).toBe(true);
  });

  test('the status page explains the colour', async () => {
    await app.current.call('onOpenStatus');
    const status = app.current;
    expect(status.route).toBe('pages/status/index');
    expect(status.data).toMatchObject({ loaded: true, colorLabel: '绿码', answer: '您目前是绿码，可以正常通行。', rows: [] });
    expect(status.data.rulesetVersion).not.toBe('');
  });

  test('the daily check-in: validated, done once a day, with the streak and tomorrow’s reminder', async () => {
    await app.current.call('onOpenCheckin');
    const page = app.current;
    expect(page.route).toBe('pages/checkin/index');
    expect(page.data.doneToday).toBe(false);
    await page.call('onSubmit');
    expect(page.data.errors).toMatchObject({ temperature: '请填写体温', symptoms: '请选择症状，没有症状请选择“无”' });
    expect(app.requestsTo('/v1/resident/checkins')).toEqual([]);

    await page.call('onTemperatureInput', '36.6');
    await page.call('onSymptomsChange', ['none']);
    await page.call('onSubmit');
    expect(app.requestsTo('/v1/resident/checkins', 'POST')).toEqual([expect.objectContaining({ status: 201, body: { temperature: 36.6, symptoms: [] } })]);
    const last = app.storage.get('lastCheckin') as { day: string; streak: number };
    expect(last.streak).toBe(1);
    const [, month, day] = shanghaiDay(new Date(Date.parse(`${last.day}T12:00:00+08:00`) + 86_400_000)).split('-');
    expect(page.data).toMatchObject({
      doneToday: true,
      streakText: '已连续正常打卡1天',
      reminder: `明天（${Number(month)}月${Number(day)}日）记得继续打卡`,
      colorLabel: '绿码',
    });

    // A phone that forgot today's check-in still cannot do a second one: the server says 409.
    app.storage.delete('lastCheckin');
    const again = await app.open('pages/checkin/index');
    expect(again.data.doneToday).toBe(false);
    await again.call('onTemperatureInput', '36.6');
    await again.call('onSymptomsChange', ['none']);
    await again.call('onSubmit');
    expect(app.requestsTo('/v1/resident/checkins', 'POST').map((r) => r.status)).toEqual([201, 409]);
    expect(again.data.doneToday).toBe(true);
  });

  test('the history lists the first colour with its time', async () => {
    const history = await app.open('pages/history/index');
    expect(history.data.loaded).toBe(true);
    expect(history.data.changes.length).toBeGreaterThanOrEqual(1);
    expect(history.data.changes[history.data.changes.length - 1]).toMatchObject({ transition: '首次判定为绿码' });
    expect(history.data.changes[0].at).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
  });

  test('family: add a child, verify them in front of the phone (a failure first), declare for them, switch the code page to theirs and back', async () => {
    const family = await app.open('pages/family/index');
    expect(family.data).toMatchObject({ loaded: true, dependents: [], showingSelf: true });
    await family.call('onStartAdd');
    await family.call('onNameInput', '王小宝');
    await family.pick('onDocumentTypeChange', 0);
    await family.call('onDocumentNumberInput', childId);
    await family.call('onSubmit');
    expect(family.data.errors.relation).toBe('请选择与本人的关系');
    expect(app.requestsTo('/v1/resident/dependents', 'POST')).toEqual([]);
    await family.pick('onRelationChange', 0);
    await family.call('onSubmit');
    expect(app.requestsTo('/v1/resident/dependents', 'POST').map((r) => r.status)).toEqual([201]);
    // Pending: no code to show yet, and the face step for the child in front of this phone.
    expect(family.data.dependents).toEqual([
      expect.objectContaining({ maskedName: '王*宝', maskedDocument: `${childId.slice(0, 4)}**********${childId.slice(14)}`, state: 'pending', notice: '待刷脸验证', inPerson: expect.stringMatching(/^无法刷脸的老人或儿童，可带本人证件到社区服务点，出示确认码[2-9A-HJ-NP-Z]{8}/) }),
    ]);
    expect(family.data.verifying).toMatchObject({ maskedName: '王*宝', sandbox: true, hint: '请让王*宝本人面对手机，按提示完成刷脸验证。验证通过前，不会显示TA的健康码。', failed: '' });
    await family.tap('onShowCode', { id: family.data.dependents[0].id });
    expect(app.current.route).toBe('pages/family/index');

    // Somebody else faced the camera: refused in Chinese, and a new verification is offered.
    await family.tap('onSandboxOutcome', { outcome: 'fail' });
    expect(family.data.verifying.failed).toMatch(/^身份验证未通过：请这位家庭成员本人面对手机/);
    await family.call('onRetryVerify');
    expect(app.requestsTo(`/v1/resident/dependents/${family.data.verifying.id}/verification`, 'POST').map((r) => r.status)).toEqual([201]);
    expect(family.data.verifying.failed).toBe('');
    await family.tap('onSandboxOutcome', { outcome: 'pass' });
    expect(family.data.verifying).toBeNull();
    expect(family.data.dependents).toEqual([
      { id: expect.any(String), maskedName: '王*宝', maskedDocument: `${childId.slice(0, 4)}**********${childId.slice(14)}`, state: 'active', notice: '', inPerson: '' },
    ]);
    const id = family.data.dependents[0].id as string;

    await family.tap('onShowCode', { id });
    const code = app.current;
    expect(code.route).toBe('pages/code/index');
    expect(code.data).toMatchObject({ subjectLabel: '家人 王*宝', forDependent: true, state: 'undeclared', showQr: false });

    await code.call('onOpenDeclaration');
    const declaration = app.current;
    expect(declaration.data.subjectLabel).toBe('家人 王*宝');
    await declaration.call('onRegionOk', ['331100', '331181']);
    expect(declaration.data.regionLabel).toBe('浙江省丽水市龙泉市');
    await declaration.call('onSymptomsChange', ['none']);
    await declaration.tap('onContactChange', { value: 'no' });
    await declaration.call('onCommitmentChange', true);
    await declaration.call('onSubmit');
    expect(app.requestsTo(`/v1/resident/dependents/${id}/declarations`, 'POST').map((r) => r.status)).toEqual([201]);

    const theirs = app.current;
    expect(theirs.route).toBe('pages/code/index');
    expect(theirs.data).toMatchObject({ state: 'live', holderName: '王*宝', colorLabel: '绿码', subjectLabel: '家人 王*宝' });
    await theirs.call('onShowOwnCode');
    expect(theirs.data).toMatchObject({ state: 'live', holderName: '王*丽', subjectLabel: '本人', forDependent: false });
  });

  test('account deletion asks first, then erases the account and returns to home', async () => {
    const account = await app.open('pages/account/index');
    expect(account.data).toMatchObject({ registered: true, maskedName: '王*丽', maskedPhone: '138****8000' });

    app.controls.confirmAnswer = false;
    await account.call('onDeleteAccount');
    expect(app.confirmations).toHaveLength(1);
    expect(app.requestsTo('/v1/resident/account')).toEqual([]);

    app.controls.confirmAnswer = true;
    await account.call('onDeleteAccount');
    expect(app.requestsTo('/v1/resident/account', 'DELETE').map((r) => r.status)).toEqual([204]);
    expect(app.current.route).toBe('pages/home/index');
    expect(app.current.data.primaryLabel).toBe('申领健康码');
    expect([...app.storage.keys()]).toEqual([]);
    expect(app.toasts).toContain('账号已注销，数据已删除');

    // The same sandbox identity now starts over as an unregistered account.
    const again = await call('POST', '/v1/resident/sessions', { provider: 'sandbox', subject: `sandbox-${subject}` });
    expect(again.status).toBe(200);
    expect(again.body.registered).toBe(false);
  });
});
