/**
 * Removing a family member from the family page, against the real API: the page asks once more and
 * says what removal does; cancelling sends nothing; confirming removes the member and the list no
 * longer shows them, and their routes are gone.
 */
import { jest } from '@jest/globals';
import { residentWithDependent, returningPhone } from './support';

jest.setTimeout(120_000);

const SCOPE = 'mini-resident-family';

test('remove a family member: a confirmation that says what happens, cancel sends nothing, confirm removes', async () => {
  const { subject, me, dependent } = await residentWithDependent(SCOPE, 'fam', { birth: '19380303' });
  const app = returningPhone(SCOPE, subject);
  await app.launch();
  const page = await app.open('pages/family/index');
  expect(page.data.dependents).toEqual([expect.objectContaining({ id: dependent.id, state: 'active' })]);

  await page.tap('onAskRemove', { id: dependent.id });
  expect(page.data.removing).toEqual({ id: dependent.id, maskedName: dependent.maskedName, warning: expect.stringContaining(`不能再出示${dependent.maskedName}的健康码`) });
  await page.tap('onCancelRemove');
  expect(page.data.removing).toBeNull();
  expect(app.requestsTo(`/v1/resident/dependents/${dependent.id}`, 'DELETE')).toEqual([]);

  await page.tap('onAskRemove', { id: dependent.id });
  await page.call('onConfirmRemove');
  expect(app.requestsTo(`/v1/resident/dependents/${dependent.id}`, 'DELETE').map((r) => r.status)).toEqual([204]);
  expect(page.data).toMatchObject({ removing: null, dependents: [], notice: '' });
  expect(app.toasts.at(-1)).toBe(`已移除${dependent.maskedName}`);
  expect((await me.call('GET', `/v1/resident/dependents/${dependent.id}/status`)).status).toBe(404);
  await app.close();
});
