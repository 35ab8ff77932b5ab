/**
 * The title bar follows the code on screen: the app's green bar never sits over a red or yellow code,
 * and it is set once per colour, not on every tick of the clock.
 */
import { jest } from '@jest/globals';
import { CONSENT_VERSION } from '../../../mini-program/resident/lib/flow';
import { COLOR_INK } from '../../../mini-program/resident/lib/format';
import { NEUTRAL_TITLE_BAR } from '../../../mini-program/resident/pages/code/utils';
import { profileBody, quietDeclaration, signIn } from '../../support/resident-fixtures';
import { createMiniApp } from '../harness';

jest.setTimeout(120_000);

const SCOPE = 'mini-resident-title-bar';

async function phoneOf(declaration: object) {
  const subject = `tb-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const me = await signIn(SCOPE, `sandbox-${subject}`);
  expect((await me.call('POST', '/v1/resident/profile', profileBody())).status).toBe(201);
  expect((await me.call('POST', '/v1/resident/declarations', declaration)).status).toBe(201);
  const app = createMiniApp({ appDir: 'mini-program/resident', clockScope: SCOPE });
  app.controls.authSubject = subject;
  app.storage.set('consent', { version: CONSENT_VERSION, at: new Date().toISOString() });
  app.storage.set('profile', { registered: true });
  return app;
}

test('a red code gets a red title bar, set once while the clock ticks', async () => {
  const app = await phoneOf({ ...quietDeclaration, contactWithCase: true });
  await app.launch();
  expect(app.current.data).toMatchObject({ color: 'red', showQr: true });
  expect(app.controls.titleBarColors.at(-1)).toBe(COLOR_INK.red);
  const set = app.controls.titleBarColors.length;
  await app.clock.advance(5_000);
  expect(app.controls.titleBarColors.length).toBe(set);
  await app.close();
});

test('a green code gets a green bar; without a code on screen the bar is neutral', async () => {
  const app = await phoneOf(quietDeclaration);
  await app.launch();
  expect(app.current.data).toMatchObject({ color: 'green', showQr: true });
  expect(app.controls.titleBarColors.at(-1)).toBe(COLOR_INK.green);
  await app.close();

  // Offline, with no code kept from before: no colour is claimed.
  app.storage.delete('lastCode');
  app.controls.offline = true;
  await app.open('pages/code/index');
  expect(app.current.data.showQr).toBe(false);
  expect(app.controls.titleBarColors.at(-1)).toBe(NEUTRAL_TITLE_BAR);
  await app.close();
});
