/**
 * Elder mode (长辈模式) reaches the pages before sign-in too: consent, the privacy policy, the user
 * agreement and sign-in read the same setting (and the host app's font size) as the main pages.
 */
import { jest } from '@jest/globals';
import { createMiniApp } from '../harness';

jest.setTimeout(120_000);

const SCOPE = 'mini-resident-elder-mode';

test('switched on at home, elder mode holds on consent, privacy, agreement and sign-in; off again, they are standard', async () => {
  const app = createMiniApp({ appDir: 'mini-program/resident', clockScope: SCOPE });
  const home = await app.launch();
  expect(home.data.displayClass).toBe('text-normal');
  await home.call('onToggleElder');
  expect(home.data.displayClass).toBe('elder text-large');

  await home.call('onOpenPrivacy');
  expect(app.current.route).toBe('pages/privacy/index');
  expect(app.current.data.displayClass).toBe('elder text-large');
  await app.back();
  await app.current.call('onOpenAgreement');
  expect(app.current.route).toBe('pages/agreement/index');
  expect(app.current.data.displayClass).toBe('elder text-large');
  await app.back();

  await app.current.call('onPrimary');
  expect(app.current.route).toBe('pages/consent/index');
  expect(app.current.data.displayClass).toBe('elder text-large');
  await app.current.call('onAgreeChange', true);
  await app.current.call('onContinue');
  expect(app.current.route).toBe('pages/authorise/index');
  expect(app.current.data).toMatchObject({ step: 'signin', displayClass: 'elder text-large' });

  // Switched off (as from home or account): the next page opened is standard again.
  app.storage.set('display', { elder: false });
  for (const route of ['pages/consent/index', 'pages/privacy/index', 'pages/agreement/index', 'pages/authorise/index']) {
    expect({ route, displayClass: (await app.open(route)).data.displayClass }).toEqual({ route, displayClass: 'text-normal' });
  }
  await app.close();
});

test('the host app’s large font enlarges the pages before sign-in without elder mode', async () => {
  const app = createMiniApp({ appDir: 'mini-program/resident', clockScope: SCOPE, fakes: { getSystemInfoSync: () => ({ platform: 'harness', fontSizeSetting: 20 }) } });
  await app.launch();
  for (const route of ['pages/consent/index', 'pages/privacy/index', 'pages/agreement/index', 'pages/authorise/index']) {
    expect({ route, displayClass: (await app.open(route)).data.displayClass }).toEqual({ route, displayClass: 'text-xlarge' });
  }
  await app.close();
});
