/**
 * The title bar follows the code on screen: the app's green bar never sits over a red or yellow code,
 * and it is set once per colour, not on every tick of the clock.
 */
import { jest } from '@jest/globals';
import { COLOR_INK } from '../../../mini-program/resident/lib/format';
import { NEUTRAL_TITLE_BAR } from '../../../mini-program/resident/pages/code/utils';
import { quietDeclaration } from '../../support/resident-fixtures';
import { registeredResident, returningPhone } from './support';

jest.setTimeout(120_000);

const SCOPE = 'mini-resident-title-bar';

async function phoneOf(declaration: object) {
  const { subject } = await registeredResident(SCOPE, 'tb', declaration);
  return returningPhone(SCOPE, subject);
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
