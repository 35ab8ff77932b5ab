/** Over HTTP: a resident cannot clear their own red or yellow by declaring again. */
import { morning, profileBody, quietDeclaration, signIn } from '../../support/resident-fixtures';

const SCOPE = 'resident-sticky';
const SLOW_MACHINE_MS = 120_000;

async function registeredResident() {
  let me = await signIn(SCOPE);
  await me.api.setClock(morning(2));
  me = await signIn(SCOPE, me.subject);
  expect((await me.call('POST', '/v1/resident/profile', profileBody())).status).toBe(201);
  return me;
}

afterAll(() => signIn(SCOPE).then((me) => me.api.resetClock()));

test('a declared contact stays red after a clean re-declaration; the history has no way back to green', async () => {
  const me = await registeredResident();
  expect((await me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, contactWithCase: true })).body.status.color).toBe('red');
  const again = await me.call('POST', '/v1/resident/declarations', quietDeclaration);
  expect(again.status).toBe(201);
  expect(again.body.status).toMatchObject({ color: 'red', reasons: [{ code: 'declared-contact' }] });
  expect((await me.call('GET', '/v1/resident/status')).body.color).toBe('red');
  const history = await me.call('GET', '/v1/resident/history');
  // Newest first: the red of the declaration, then the green of the registration, and nothing since.
  expect(history.body.changes.map((c: { to: string }) => c.to)).toEqual(['red', 'green']);
}, SLOW_MACHINE_MS);

test('declared symptoms stay yellow after a clean re-declaration', async () => {
  const me = await registeredResident();
  expect((await me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, symptoms: ['cough'] })).body.status.color).toBe('yellow');
  expect((await me.call('POST', '/v1/resident/declarations', quietDeclaration)).body.status.color).toBe('yellow');
}, SLOW_MACHINE_MS);
