/**
 * The sign-in page's other paths, against the real API: a refused authorisation, the phone
 * envelope on a stage without Alipay credentials, an account without real-name certification, and a
 * document already bound to another account.
 */
import { jest } from '@jest/globals';
import { generateResidentIdCheckDigit } from '../../../shared/identity';
import { createMiniApp, type MiniApp } from '../harness';
import { AUTH_USER_DECLINED_NOTICE } from '../../../mini-program/resident/pages/authorise/utils';
import { profileBody, signIn } from '../../support/resident-fixtures';

// Each step makes several sequential calls to serverless-offline, which takes seconds per call on a
// loaded machine; the default 30 s would fail a correct page.
jest.setTimeout(120_000);

const SCOPE = 'mini-resident-authorise';

function residentId(): string {
  const first17 = `33112119880512${String(Math.floor(Math.random() * 900) + 100)}`;
  return first17 + generateResidentIdCheckDigit(first17);
}

async function openAuthorise(app: MiniApp) {
  app.storage.set('consent', { version: '2024-03-01', at: new Date().toISOString() });
  return app.open('pages/authorise/index');
}

describe('authorise page', () => {
  test('a refused authorisation says so and calls nothing', async () => {
    const app = createMiniApp({ appDir: 'mini-program/resident', clockScope: SCOPE });
    app.controls.refuseAuth = true;
    const page = await openAuthorise(app);
    await page.call('onSignIn');
    expect(page.data).toMatchObject({ step: 'signin', busy: false, notice: '您取消了授权，可以稍后再试' });
    expect(app.requests).toEqual([]);
  });

  test('declining the optional auth_user still signs in with auth_base: a new resident fills in by hand, told why', async () => {
    const app = createMiniApp({ appDir: 'mini-program/resident', clockScope: SCOPE });
    app.controls.declineScopes = ['auth_user'];
    const page = await openAuthorise(app);
    await page.call('onTestAccountInput', `declined-${Date.now().toString(36)}`);
    await page.call('onSignIn');
    expect(app.controls.authScopes).toEqual([['auth_user'], ['auth_base']]);
    expect(app.requestsTo('/v1/resident/sessions').map((r) => r.status)).toEqual([200]);
    expect(page.data).toMatchObject({ step: 'profile', busy: false, notice: AUTH_USER_DECLINED_NOTICE, certified: null });
    expect(page.data.notice).toMatch(/手动填写/);
    expect(app.storage.get('session')).toMatchObject({ token: expect.any(String) });
  });

  test('declining auth_user as a registered resident: signed in with auth_base, straight to the code', async () => {
    const subject = `declined-reg-${Date.now().toString(36)}`;
    const me = await signIn(SCOPE, subject);
    expect((await me.call('POST', '/v1/resident/profile', profileBody())).status).toBe(201);
    const app = createMiniApp({ appDir: 'mini-program/resident', clockScope: SCOPE });
    app.controls.declineScopes = ['auth_user'];
    const page = await openAuthorise(app);
    await page.call('onTestAccountInput', subject);
    await page.call('onSignIn');
    expect(app.controls.authScopes).toEqual([['auth_user'], ['auth_base']]);
    expect(app.current.route).toBe('pages/code/index');
    await app.close();
  });

  test('an uncertified account sees how to certify, and a typed phone when the envelope cannot be opened', async () => {
    const app = createMiniApp({ appDir: 'mini-program/resident', clockScope: SCOPE });
    const page = await openAuthorise(app);
    await page.call('onTestAccountInput', `uncertified-${Date.now().toString(36)}`);
    await page.call('onSignIn');
    expect(app.requestsTo('/v1/resident/sessions')[0]!.body).toMatchObject({ provider: 'sandbox', subject: expect.stringMatching(/^uncertified-/) });
    expect(page.data.step).toBe('profile');

    // The local stage has no Alipay credentials: the envelope route answers 503, the page falls back.
    app.controls.phone.response = JSON.stringify({ response: 'encrypted', sign: 'signature', sign_type: 'RSA2' });
    await page.call('onPhoneAuthorize');
    expect(app.requestsTo('/v1/resident/phone', 'POST')).toEqual([
      expect.objectContaining({ status: 503, body: { response: 'encrypted', sign: 'signature' } }),
    ]);
    expect(page.data).toMatchObject({ phoneMode: 'typed', notice: '手机号授权暂不可用，请手动填写' });

    await page.call('onNameInput', '赵六');
    await page.call('onDocumentNumberInput', residentId());
    await page.call('onPhoneInput', '13900139000');
    await page.call('onSubmitProfile');
    expect(app.requestsTo('/v1/resident/profile').map((r) => r.status)).toEqual([422]);
    expect(page.data.step).toBe('uncertified');
    expect(page.data.notice).toBe('请先完成支付宝实名认证');
    expect(page.data.uncertifiedSteps.join('')).toContain('身份信息');
    expect(app.current.route).toBe('pages/authorise/index');
  });

  test('a document bound to another account is refused beside the document field', async () => {
    const id = residentId();
    for (const [index, expected] of [[0, 201], [1, 409]] as const) {
      const app = createMiniApp({ appDir: 'mini-program/resident', clockScope: SCOPE });
      const page = await openAuthorise(app);
      await page.call('onTestAccountInput', `doc-owner-${index}-${Date.now().toString(36)}`);
      await page.call('onSignIn');
      await page.call('onNameInput', '钱七');
      await page.call('onDocumentNumberInput', id);
      await page.call('onTypePhone');
      await page.call('onPhoneInput', '13700137000');
      await page.call('onSubmitProfile');
      expect(app.requestsTo('/v1/resident/profile').map((r) => r.status)).toEqual([expected]);
      if (expected === 409) {
        expect(page.data.errors.documentNumber).toBe('该证件已绑定其他账号。如有疑问，请拨打12345政务服务热线');
        expect(app.current.route).toBe('pages/authorise/index');
      } else {
        expect(app.current.route).toBe('pages/declaration/index');
      }
    }
  });
});
