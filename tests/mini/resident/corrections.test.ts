/**
 * Corrections (纠错) from the resident's phone, against the real API: reached from a reason on the
 * status page, filed with an Idempotency-Key kept across a network failure, listed with the server's
 * state words, refused with the server's own sentence when the item already has an open correction
 * (409), when the status no longer shows it (409) and past the daily limit (429), and filed for a
 * dependent on the dependent's routes.
 */
import { jest } from '@jest/globals';
import { LOCAL_AUTHORITY_KEY, LOCAL_REVIEWER_KEY } from '../../../scripts/lib/seed';
import { shanghaiDay } from '../../../shared/time';
import { client } from '../../support/http';
import { quietDeclaration } from '../../support/resident-fixtures';
import { type MiniApp } from '../harness';
import { registeredResident, residentWithDependent, returningPhone as phoneOf } from './support';

jest.setTimeout(180_000);

const SCOPE = 'mini-resident-corrections';
const api = client(SCOPE);
const officer = { 'x-authority-key': LOCAL_AUTHORITY_KEY };
const reviewer = { 'x-authority-key': LOCAL_REVIEWER_KEY };

/** Two officials agree on a decision (the first proposes, the second confirms). */
async function decideTwice(id: string, decision: 'accept' | 'reject') {
  const proposed = await api.call('POST', `/v1/authority/corrections/${id}/decision`, { decision, basis: '流调报告 LS-2026-0107' }, { headers: officer });
  expect(proposed.status).toBe(200);
  const confirmed = await api.call('POST', `/v1/authority/corrections/${id}/decision`, { decision, basis: '核实通话记录' }, { headers: reviewer });
  expect(confirmed.status).toBe(200);
  return confirmed.body;
}

const returningPhone = (subject: string): MiniApp => phoneOf(SCOPE, subject);

/** Red from a declared contact, yellow from declared symptoms, in one declaration of today. */
async function redResident() {
  const { subject, me, color } = await registeredResident(SCOPE, 'corr', { ...quietDeclaration, contactWithCase: true, symptoms: ['cough'] });
  expect(color).toBe('red');
  return { subject, me };
}

const today = () => shanghaiDay(new Date());

test('from a status reason: the form, local checks, filing across a network failure with one key, the list, and both 409s', async () => {
  const { subject, me } = await redResident();
  const app = returningPhone(subject);
  await app.launch();
  const status = await app.open('pages/status/index');
  const reasons = status.data.reasons as { code: string; declaredOn: string; correctable: boolean }[];
  expect(reasons.map((r) => [r.code, r.declaredOn, r.correctable]).sort()).toEqual([
    ['declared-contact', today(), true],
    ['fever-or-symptoms', today(), true],
  ]);

  await status.tap('onOpenCorrection', { trigger: 'declared-contact', declaredOn: today() });
  const page = app.current;
  expect(page.route).toBe('pages/corrections/index');
  expect(page.query).toEqual({ trigger: 'declared-contact', declaredOn: today() });
  const [, month, day] = today().split('-');
  expect(page.data).toMatchObject({
    formOpen: true,
    forDependent: false,
    subjectBanner: '纠错申请：本人',
    targetLabel: `申报的接触史（${Number(month)}月${Number(day)}日的健康申报）`,
    loaded: true,
    corrections: [],
  });
  expect((page.data.categories as { label: string }[]).map((c) => c.label)).toEqual(['申报时填错了', '这条记录不是我本人', '检测结果未录入', '其他原因']);

  // Nothing chosen and one character: said on the phone, nothing sent.
  await page.call('onTextInput', { detail: { value: '错' } });
  await page.call('onSubmit');
  expect(page.data.errors).toMatchObject({ category: '请选择纠错原因', text: '请简要说明情况（至少2个字）' });
  expect(app.requestsTo('/v1/resident/corrections', 'POST')).toEqual([]);

  await page.tap('onCategory', { value: 'declared-by-mistake' });
  await page.call('onTextInput', { detail: { value: '误选了接触史，本人没有接触过病例' } });
  expect(page.data).toMatchObject({ textCount: '16/200', errors: { category: '', text: '' } });
  expect((page.data.categories as { on: boolean; value: string }[]).filter((c) => c.on).map((c) => c.value)).toEqual(['declared-by-mistake']);

  // The network drops: the form stays, and the retry carries the same key.
  app.controls.offline = true;
  await page.call('onSubmit');
  expect(page.data).toMatchObject({ formOpen: true, noticeTone: 'warn' });
  expect(page.data.notice).toContain('网络连接失败');
  app.controls.offline = false;
  await page.call('onSubmit');
  const posts = app.requestsTo('/v1/resident/corrections', 'POST');
  expect(posts.map((r) => r.status)).toEqual(['network-error', 201]);
  const key = posts[0]!.headers['idempotency-key'];
  expect(key).toMatch(/^[A-Za-z0-9_.:-]{8,128}$/);
  expect(posts[1]!.headers['idempotency-key']).toBe(key);
  expect(posts[1]!.body).toEqual({ trigger: 'declared-contact', declaredOn: today(), category: 'declared-by-mistake', text: '误选了接触史，本人没有接触过病例' });

  // Filed: no form, the plain warning that the colour has not changed, the list from the server.
  expect(page.data).toMatchObject({ formOpen: false, noticeTone: 'info' });
  expect(page.data.notice).toBe('纠错申请已提交。健康码颜色不会因此马上改变，需两名工作人员核实确认后才会处理。');
  const rows = page.data.corrections as { id: string; title: string; category: string; stateText: string; tone: string }[];
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ title: page.data.targetLabel, category: '原因：申报时填错了', stateText: '已提交，等待工作人员审核', tone: 'open' });
  // The key is the server's: the same key and body replay the same correction, not a second one.
  const replay = await me.call('POST', '/v1/resident/corrections', posts[1]!.body, { 'idempotency-key': key! });
  expect(replay.body.correction.id).toBe(rows[0]!.id);
  expect((await me.call('GET', '/v1/resident/status')).body.color).toBe('red');

  // Coming back to the same item shows it is being handled, without offering the form again.
  await app.back();
  await app.current.tap('onOpenCorrection', { trigger: 'declared-contact', declaredOn: today() });
  expect(app.current.data).toMatchObject({ formOpen: false, notice: '这一项已有正在处理的纠错申请，请等待审核结果' });
  await app.back();

  // 409, already open: the symptoms form is open when another phone files the same item.
  await app.current.tap('onOpenCorrection', { trigger: 'fever-or-symptoms', declaredOn: today() });
  const symptoms = app.current;
  expect(symptoms.data.formOpen).toBe(true);
  const elsewhere = await me.call('POST', '/v1/resident/corrections', { trigger: 'fever-or-symptoms', declaredOn: today(), category: 'other', text: '只是过敏性鼻炎' });
  expect(elsewhere.status).toBe(201);
  await symptoms.tap('onCategory', { value: 'other' });
  await symptoms.call('onTextInput', { detail: { value: '只是过敏性鼻炎，已就医' } });
  await symptoms.call('onSubmit');
  expect(app.requestsTo('/v1/resident/corrections', 'POST').map((r) => r.status).at(-1)).toBe(409);
  expect(symptoms.data).toMatchObject({ formOpen: false, noticeTone: 'warn', notice: '这一项已有正在处理的纠错申请，请等待审核结果' });
  expect((symptoms.data.corrections as unknown[]).length).toBe(2);
  await app.back();

  // Two officials accept the contact correction while the status page still shows it; filing from there is refused (409, no longer shown).
  const contactId = rows[0]!.id;
  expect((await decideTwice(contactId, 'accept')).outcome).toEqual({ color: 'yellow', withdrawnItems: 1 });
  expect((app.current.data.reasons as { code: string }[]).map((r) => r.code).sort()).toEqual(['declared-contact', 'fever-or-symptoms']);
  await app.current.tap('onOpenCorrection', { trigger: 'declared-contact', declaredOn: today() });
  const stale = app.current;
  const accepted = (stale.data.corrections as { id: string; stateText: string; tone: string }[]).find((r) => r.id === contactId);
  expect(accepted).toMatchObject({ stateText: '已采纳：该项已撤销，健康码已按规则重新评估', tone: 'accepted' });
  expect(stale.data.formOpen).toBe(true);
  await stale.tap('onCategory', { value: 'not-me' });
  await stale.call('onTextInput', { detail: { value: '再次确认没有接触史' } });
  await stale.call('onSubmit');
  expect(app.requestsTo('/v1/resident/corrections', 'POST').map((r) => r.status).at(-1)).toBe(409);
  expect(stale.data).toMatchObject({ formOpen: false, notice: '您的健康码目前没有这一项，无需纠错' });

  // The status page, shown again, no longer offers what was withdrawn.
  await app.back();
  expect(app.current.data).toMatchObject({ color: 'yellow' });
  expect((app.current.data.reasons as { code: string }[]).map((r) => r.code)).toEqual(['fever-or-symptoms']);
  await app.current.call('onOpenCorrections');
  expect(app.current.data).toMatchObject({ hasTarget: false, formOpen: false, subjectLabel: '本人' });
  expect((app.current.data.corrections as unknown[]).length).toBe(2);
  await app.close();
});

test('past the daily limit (429) the page says so in the server’s words and keeps the form', async () => {
  const { subject, me } = await redResident();
  const file = (text: string) => me.call('POST', '/v1/resident/corrections', { trigger: 'fever-or-symptoms', declaredOn: today(), category: 'other', text });
  // Five filed today (each decided, so the item may be filed again): the limit of 24 hours.
  expect((await me.call('POST', '/v1/resident/corrections', { trigger: 'declared-contact', declaredOn: today(), category: 'not-me', text: '当天不在现场' })).status).toBe(201);
  for (let i = 1; i <= 4; i++) {
    const filed = await file(`第${i}次说明：只是鼻炎`);
    expect(filed.status).toBe(201);
    await decideTwice(filed.body.correction.id, 'reject');
  }

  const app = returningPhone(subject);
  await app.launch();
  const status = await app.open('pages/status/index');
  await status.tap('onOpenCorrection', { trigger: 'fever-or-symptoms', declaredOn: today() });
  const page = app.current;
  expect(page.data.formOpen).toBe(true);
  const rejected = (page.data.corrections as { stateText: string; tone: string }[]).filter((r) => r.tone === 'rejected');
  expect(rejected).toHaveLength(4);
  expect(rejected[0]!.stateText).toContain('12345');
  await page.tap('onCategory', { value: 'test-result-missing' });
  await page.call('onTextInput', { detail: { value: '核酸检测结果为阴性，尚未录入' } });
  await page.call('onSubmit');
  expect(app.requestsTo('/v1/resident/corrections', 'POST').map((r) => r.status)).toEqual([429]);
  expect(page.data).toMatchObject({ formOpen: true, noticeTone: 'warn' });
  expect(page.data.notice).toMatch(/^24小时内最多提交5次纠错申请，请约\d+小时后再试/);
  await app.close();
});

test('for a dependent: the banner, the dependent’s routes, the plain "not them" label, and elder mode', async () => {
  const { subject, me, dependent, dependentColor } = await residentWithDependent(SCOPE, 'corr-fam', { birth: '19420505', declaration: { ...quietDeclaration, symptoms: ['cough'] } });
  expect(dependentColor).toBe('yellow');

  const app = returningPhone(subject);
  app.storage.set('display', { elder: true });
  await app.launch();
  const status = await app.open('pages/status/index', { dependent: dependent.id, name: dependent.maskedName });
  expect(status.data).toMatchObject({ color: 'yellow', forDependent: true });
  await status.tap('onOpenCorrection', { trigger: 'fever-or-symptoms', declaredOn: today() });
  const page = app.current;
  expect(page.route).toBe('pages/corrections/index');
  expect(page.data).toMatchObject({ forDependent: true, subjectBanner: `纠错申请：家人 ${dependent.maskedName}`, formOpen: true, displayClass: 'elder text-large' });
  expect((page.data.categories as { value: string; label: string }[]).find((c) => c.value === 'not-me')?.label).toBe('这条记录不是家人本人');
  await page.tap('onCategory', { value: 'declared-by-mistake' });
  await page.call('onTextInput', { detail: { value: '老人没有咳嗽，是我填错了' } });
  await page.call('onSubmit');
  expect(app.requestsTo(`/v1/resident/dependents/${dependent.id}/corrections`, 'POST').map((r) => r.status)).toEqual([201]);
  expect(app.requestsTo(`/v1/resident/dependents/${dependent.id}/corrections`, 'GET').length).toBeGreaterThanOrEqual(2);
  expect(app.requestsTo('/v1/resident/corrections')).toEqual([]);
  expect(page.data.corrections).toEqual([expect.objectContaining({ title: expect.stringContaining('申报的发热或症状'), stateText: '已提交，等待工作人员审核' })]);
  // The holder's own list has none of it.
  expect((await me.call('GET', '/v1/resident/corrections')).body).toEqual({ corrections: [] });
  expect((await me.call('GET', `/v1/resident/dependents/${dependent.id}/corrections`)).body.corrections).toHaveLength(1);
  await app.close();
});
