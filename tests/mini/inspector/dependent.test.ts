/**
 * The inspector's in-person confirmation of a family member who cannot pass face verification, at a
 * community service point, driven through the page harness with real HTTP to the local stack: the
 * family's phone shows a confirmation code, the inspector types it and the number from the physical
 * document, ticks that the document was checked and confirms. Every refusal the API can give has its
 * own Chinese text, and the binding records who confirmed it.
 */
import { jest } from '@jest/globals';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../functions/adapters/keys';
import { db, store, sandboxInspector } from '../../support/inspector-fixtures';
import { addDependentVerified, personName, profileBody, quietDeclaration, residentId, signIn } from '../../support/resident-fixtures';
import { GATE, inspectorApp, signedIn } from './support';
import type { DingTalkApp, PageHandle } from '../harness';

// Pages are bundled with esbuild on first use, and every step is real HTTP: allow for a busy machine.
jest.setTimeout(300_000);

const SCOPE = 'mini-inspector-dependent';
const apps: DingTalkApp[] = [];

afterEach(async () => {
  while (apps.length) await apps.pop()!.close();
});

/** A registered manager (with a first declaration of their own). */
async function manager() {
  const me = await signIn(SCOPE);
  const profile = await me.call('POST', '/v1/resident/profile', profileBody());
  if (profile.status !== 201) throw new Error(`profile: ${profile.status} ${profile.text}`);
  expect((await me.call('POST', '/v1/resident/declarations', quietDeclaration)).status).toBe(201);
  return me;
}

type Manager = Awaited<ReturnType<typeof manager>>;

/** A child added on the manager's phone, pending: the family page shows its confirmation code. */
async function pendingChild(me: Manager, documentNumber = residentId('20240101')) {
  const added = await me.call('POST', '/v1/resident/dependents', { name: personName(), documentType: 'resident-id', documentNumber, relation: 'child' });
  expect([added.status, added.body.dependent.state]).toEqual([201, 'pending']);
  return { id: added.body.dependent.id as string, code: added.body.dependent.confirmationCode as string, documentNumber, maskedName: added.body.dependent.maskedName as string, maskedDocument: added.body.dependent.maskedDocument as string };
}

/** A signed-in inspector app on the confirmation page, reached from the scan page's button. */
async function confirmationPage(subject: string): Promise<{ app: DingTalkApp; page: PageHandle }> {
  const app = inspectorApp(SCOPE);
  apps.push(app);
  const scan = await signedIn(app, subject);
  await scan.call('onDependent');
  expect(app.current.route).toBe('pages/dependent/index');
  return { app, page: app.current };
}

async function fill(page: PageHandle, code: string, documentNumber: string, checked = true) {
  await page.call('onCodeInput', { detail: { value: code } });
  await page.call('onDocumentInput', { detail: { value: documentNumber } });
  if (checked !== page.data.checked) await page.call('onToggleChecked');
}

test('confirmed in person: the masked person and who confirmed them, where and when; the family can now use the code', async () => {
  const inspector = await sandboxInspector([GATE]);
  const me = await manager();
  const child = await pendingChild(me);
  const { app, page } = await confirmationPage(inspector.subject);
  expect(page.data).toMatchObject({ checkpointName: expect.any(String), done: null, refusal: null });
  const checkpointName = page.data.checkpointName as string;

  // Nothing typed: each field says what it needs, and the document check must be ticked.
  await page.call('onSubmit');
  expect(page.data.errors).toMatchObject({ confirmationCode: expect.stringContaining('确认码'), checked: '请先核对证件原件，确认后勾选此项' });
  expect(page.data.errors.documentNumber).toEqual(expect.any(String));
  expect(app.requestsTo('/v1/inspector/dependent-confirmations')).toEqual([]);

  // The code as the inspector might type it: lower case, a space, a misread letter.
  await page.call('onCodeInput', { detail: { value: child.code.slice(0, 3).toLowerCase() } });
  expect(page.data).toMatchObject({ codeHint: '已输入3位，还差5位', codeOk: false });
  await page.call('onCodeInput', { detail: { value: `${child.code.slice(0, 4)}O` } });
  expect(page.data).toMatchObject({ codeHint: '确认码里没有数字0、1和字母I、O，请再看一下家属手机', codeOk: false });
  await page.call('onCodeInput', { detail: { value: `${child.code.slice(0, 4)} ${child.code.slice(4).toLowerCase()}` } });
  expect(page.data).toMatchObject({ confirmationCode: child.code, codeHint: '确认码格式正确', codeOk: true });

  // A number that is not the one the family entered: refused, nothing bound, a long buzz.
  await page.call('onDocumentInput', { detail: { value: residentId('20240101') } });
  await page.call('onToggleChecked');
  await page.call('onSubmit');
  expect(page.data).toMatchObject({ done: null, refusal: { headline: '确认码或证件号码不符', advice: expect.stringContaining('核对') } });
  expect(app.vibrations).toEqual(['long']);
  expect((await me.call('GET', '/v1/resident/dependents')).body.dependents[0]).toMatchObject({ state: 'pending' });

  // The number from the document: confirmed.
  await page.call('onDocumentInput', { detail: { value: child.documentNumber } });
  expect(page.data).toMatchObject({ hint: '证件号码有效', refusal: null });
  await page.call('onSubmit');
  const session = app.storage.get('inspectorSession') as { inspectorName: string };
  expect(page.data.done).toEqual({
    maskedName: child.maskedName,
    maskedDocument: child.maskedDocument,
    confirmedText: expect.stringMatching(new RegExp(`^由${session.inspectorName || '核验人员'}于\\d\\d:\\d\\d:\\d\\d在${checkpointName}现场确认，已记录在案$`)),
  });
  expect(app.vibrations).toEqual(['long', 'short']);
  expect(JSON.stringify(page.data)).not.toContain(child.documentNumber);

  // The binding is the inspector's, at this checkpoint; the family can declare and show the code.
  const item = await db.send(new GetCommand({ TableName: store.tableName, Key: keys.dependent(me.accountId, child.id), ConsistentRead: true }));
  expect(item.Item).toMatchObject({ state: 'active', boundBy: { kind: 'inspector', inspectorId: inspector.id, checkpointId: GATE } });
  expect((await me.call('POST', `/v1/resident/dependents/${child.id}/declarations`, quietDeclaration)).status).toBe(201);
  expect((await me.call('GET', `/v1/resident/dependents/${child.id}/code`)).status).toBe(200);

  // The next family: a fresh form. The used code again is refused like a mismatch (it is spent).
  await page.call('onNextPerson');
  expect(page.data).toMatchObject({ done: null, confirmationCode: '', documentNumber: '', checked: false, errors: {} });
  await fill(page, child.code, child.documentNumber);
  await page.call('onSubmit');
  expect(page.data.refusal).toMatchObject({ headline: '确认码或证件号码不符', advice: expect.stringContaining('已经确认过') });

  await page.call('onBackToScan');
  expect(app.current.route).toBe('pages/scan/index');
});

test('the person registered with their own document meanwhile: 此人已用本人证件自行申领健康码', async () => {
  const inspector = await sandboxInspector([GATE]);
  const me = await manager();
  const child = await pendingChild(me, residentId());
  // The owner registers the same document on their own phone before the family reaches the service point.
  const owner = await signIn(SCOPE);
  expect((await owner.call('POST', '/v1/resident/profile', { ...profileBody(), documentNumber: child.documentNumber })).status).toBe(201);

  const { page } = await confirmationPage(inspector.subject);
  await fill(page, child.code, child.documentNumber);
  await page.call('onSubmit');
  expect(page.data).toMatchObject({ done: null, refusal: { headline: '此人已用本人证件自行申领健康码', advice: '无需再绑定到家属名下，请其本人出示健康码。' } });
});

test('a family account already managing five: 家属名下的家庭成员已满5位', async () => {
  const inspector = await sandboxInspector([GATE]);
  const me = await manager();
  const sixth = await pendingChild(me);
  for (let i = 0; i < 5; i++) {
    const added = await addDependentVerified(me, { name: personName(), documentType: 'resident-id', documentNumber: residentId(), relation: 'child' });
    expect(added.result.status).toBe(200);
  }
  const { page } = await confirmationPage(inspector.subject);
  await fill(page, sixth.code, sixth.documentNumber);
  await page.call('onSubmit');
  expect(page.data).toMatchObject({ done: null, refusal: { headline: '家属名下的家庭成员已满5位', advice: expect.stringContaining('其他家人') } });
});

test('not authorised at the stored service point, no network, and too many lookups: each its own text; the form is kept', async () => {
  const inspector = await sandboxInspector([GATE]);
  const me = await manager();
  const child = await pendingChild(me);
  const { app, page } = await confirmationPage(inspector.subject);
  await fill(page, child.code, child.documentNumber);

  // The phone still remembers a point this inspector's sign-in does not grant (the grant was changed).
  const granted = app.storage.get('checkpoint');
  app.storage.set('checkpoint', { id: 'another-service-point', name: '别处的服务点' });
  await page.call('onSubmit');
  expect(page.data.refusal).toMatchObject({ headline: '您未被授权在此服务点办理现场确认', advice: expect.stringContaining('更换') });
  await page.call('onSwitchCheckpoint');
  expect(app.current.route).toBe('pages/signin/index');
  await app.back();
  app.storage.set('checkpoint', granted);

  app.controls.offline = true;
  await page.call('onSubmit');
  expect(page.data).toMatchObject({ confirmationCode: child.code, documentNumber: child.documentNumber, checked: true, refusal: { headline: '网络连接失败，现场确认需要联网' } });
  app.controls.offline = false;

  // Codes cannot be guessed in bulk: the lookup limit per inspector and minute answers with the wait.
  await page.call('onCodeInput', { detail: { value: 'ZZZZZZZZ' } });
  for (let i = 0; i < 40 && !String(page.data.refusal?.headline ?? '').includes('秒后'); i++) await page.call('onSubmit');
  expect(page.data.refusal).toMatchObject({ headline: expect.stringMatching(/^核验过于频繁，请\d+秒后再试$/), advice: expect.stringContaining('次数有限') });
  expect(app.requestsTo('/v1/inspector/dependent-confirmations').at(-1)?.status).toBe(429);
  // And nothing was bound along the way.
  expect((await me.call('GET', '/v1/resident/dependents')).body.dependents[0]).toMatchObject({ state: 'pending' });
});
