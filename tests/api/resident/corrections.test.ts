/**
 * Corrections (纠错) over HTTP: the only way back from a declared or recorded trigger, decided by two
 * officials, withdrawing exactly one trigger and nothing else.
 */
import { call } from '../../support/http';
import { profileBody, quietDeclaration, signIn } from '../../support/resident-fixtures';
import { LOCAL_AUTHORITY_KEY, LOCAL_REVIEWER_KEY } from '../../../scripts/lib/seed';
import { authorityCorrectionsResponse, correctionDecisionResponse, correctionResponse, correctionsResponse } from '../../../shared/api/corrections';
import { residentStatus } from '../../../shared/api/resident';
import { shanghaiDay } from '../../../shared/time';

const SCOPE = 'resident-corrections';
const SLOW_MACHINE_MS = 120_000;
const officer = { 'x-authority-key': LOCAL_AUTHORITY_KEY };
const reviewer = { 'x-authority-key': LOCAL_REVIEWER_KEY };

const decide = (id: string, headers: Record<string, string>, decision: 'accept' | 'reject', basis = '流调报告 LS-2026-0042') =>
  call('POST', `/v1/authority/corrections/${id}/decision`, { decision, basis }, { headers });

async function registered() {
  const me = await signIn(SCOPE);
  const profile = profileBody();
  expect((await me.call('POST', '/v1/resident/profile', profile)).status).toBe(201);
  return { ...me, profile };
}

/** Red from a declared contact and yellow from declared symptoms, in one declaration of today. */
async function redWithTwoDeclaredTriggers() {
  const me = await registered();
  const declared = await me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, contactWithCase: true, symptoms: ['cough'] });
  expect(declared.body.status.color).toBe('red');
  expect(declared.body.status.reasons.map((r: { code: string }) => r.code).sort()).toEqual(['declared-contact', 'fever-or-symptoms']);
  return me;
}

test('a declared contact is withdrawn by two officials: red turns yellow, the symptoms stay, the history cites the correction', async () => {
  const me = await redWithTwoDeclaredTriggers();
  const today = shanghaiDay(new Date());
  const status = residentStatus.parse((await me.call('GET', '/v1/resident/status')).body);
  expect(status.reasons.find((r) => r.code === 'declared-contact')?.declaredOn).toBe(today);

  const filed = await me.call('POST', '/v1/resident/corrections', { trigger: 'declared-contact', declaredOn: today, category: 'declared-by-mistake', text: '误选了接触史，本人没有接触过病例' });
  expect(filed.status).toBe(201);
  const { correction } = correctionResponse.parse(filed.body);
  expect(correction).toMatchObject({ state: 'pending', stateText: '已提交，等待工作人员审核', triggerLabel: '申报的接触史' });

  // The queue shows it masked, with the resident's words.
  const queue = authorityCorrectionsResponse.parse((await call('GET', '/v1/authority/corrections?state=pending&limit=100', undefined, { headers: officer })).body);
  const listed = queue.corrections.find((c) => c.id === correction.id)!;
  expect(listed).toMatchObject({ state: 'pending', text: '误选了接触史，本人没有接触过病例', chainOk: true });
  expect(listed.holder.maskedName).toContain('*');
  expect(JSON.stringify(queue)).not.toContain(me.profile.documentNumber);

  // One official proposes; the same official cannot confirm; the status has not moved.
  const proposed = await decide(correction.id, officer, 'accept');
  expect(proposed.status).toBe(200);
  expect(proposed.body.correction).toMatchObject({ state: 'in-review', proposal: { decision: 'accept', by: 'local-authority' } });
  const self = await decide(correction.id, officer, 'accept');
  expect(self.status).toBe(403);
  expect(self.headers.get('content-type')).toContain('application/problem+json');
  expect(self.body.detail).toContain('另一位审批人');
  expect((await me.call('GET', '/v1/resident/status')).body.color).toBe('red');
  expect((await me.call('GET', '/v1/resident/corrections')).body.corrections[0]).toMatchObject({ id: correction.id, state: 'in-review' });

  // A second official confirms: exactly one trigger goes.
  const confirmed = await decide(correction.id, reviewer, 'accept');
  expect(confirmed.status).toBe(200);
  const decision = correctionDecisionResponse.parse(confirmed.body);
  expect(decision.outcome).toEqual({ color: 'yellow', withdrawnItems: 1 });
  expect(decision.correction.steps.map((s) => [s.action, s.actor])).toEqual([
    ['filed', 'resident'], ['proposed', 'local-authority'], ['confirmed', 'local-reviewer'],
  ]);
  expect(decision.correction.chainOk).toBe(true);
  const after = residentStatus.parse((await me.call('GET', '/v1/resident/status')).body);
  expect(after.color).toBe('yellow');
  expect(after.reasons.map((r) => r.code)).toEqual(['fever-or-symptoms']);

  // A clean declaration later does not undo the symptoms either: only the withdrawn trigger is gone.
  expect((await me.call('POST', '/v1/resident/declarations', quietDeclaration)).body.status.color).toBe('yellow');

  const mine = correctionsResponse.parse((await me.call('GET', '/v1/resident/corrections')).body);
  expect(mine.corrections[0]).toMatchObject({ id: correction.id, state: 'accepted', stateText: '已采纳：该项已撤销，健康码已按规则重新评估' });
  expect(JSON.stringify(mine)).not.toContain('local-authority');

  const history = (await me.call('GET', '/v1/resident/history')).body.changes.map((c: { from: string; to: string }) => `${c.from}->${c.to}`);
  expect(history.slice(0, 2)).toEqual(['red->yellow', 'green->red']);
  const chain = await call('POST', '/v1/authority/audit/verify-chain', { documentType: me.profile.documentType, documentNumber: me.profile.documentNumber }, { headers: officer });
  expect(chain.body).toMatchObject({ intact: true, entries: 3 });

  // Decided once: no second decision.
  expect((await decide(correction.id, officer, 'reject')).status).toBe(409);
}, SLOW_MACHINE_MS);

test('two officials who disagree send it back; a confirmed rejection changes nothing but the correction', async () => {
  const me = await redWithTwoDeclaredTriggers();
  const today = shanghaiDay(new Date());
  const { correction } = correctionResponse.parse((await me.call('POST', '/v1/resident/corrections', { trigger: 'fever-or-symptoms', declaredOn: today, category: 'other', text: '只是过敏性鼻炎' })).body);
  // A second open correction of the same trigger is refused while this one runs.
  expect((await me.call('POST', '/v1/resident/corrections', { trigger: 'fever-or-symptoms', declaredOn: today, category: 'other', text: '再次提交' })).status).toBe(409);

  await decide(correction.id, officer, 'accept');
  const returned = await decide(correction.id, reviewer, 'reject');
  expect(returned.body.correction).toMatchObject({ state: 'pending' });
  expect(returned.body.correction.proposal).toBeUndefined();

  await decide(correction.id, reviewer, 'reject');
  const final = await decide(correction.id, officer, 'reject');
  expect(final.status).toBe(200);
  expect(final.body.correction.state).toBe('rejected');
  expect(final.body.outcome).toBeUndefined();
  expect((await me.call('GET', '/v1/resident/status')).body.color).toBe('red');
  expect((await me.call('GET', '/v1/resident/corrections')).body.corrections[0].stateText).toContain('12345');
  // Decided: the trigger may be corrected again, with new facts.
  expect((await me.call('POST', '/v1/resident/corrections', { trigger: 'fever-or-symptoms', declaredOn: today, category: 'other', text: '已就医，医生诊断为鼻炎' })).status).toBe(201);
}, SLOW_MACHINE_MS);

test('a close-contact record that is "not me" is withdrawn beside the record; the feed itself is untouched', async () => {
  const me = await registered();
  expect((await me.call('POST', '/v1/resident/declarations', quietDeclaration)).body.status.color).toBe('green');
  const feed = await call('POST', '/v1/authority/feeds', {
    feedId: `corr-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    type: 'close-contact',
    records: [{ documentType: me.profile.documentType, documentNumber: me.profile.documentNumber, at: new Date(Date.now() - 3_600_000).toISOString(), lastExposureDay: shanghaiDay(new Date()) }],
  }, { headers: officer });
  expect(feed.status).toBe(202);
  expect((await me.call('GET', '/v1/resident/status')).body.color).toBe('red');

  // A declared-trigger field on an authority trigger is a 400; a trigger the status does not show is a 409.
  expect((await me.call('POST', '/v1/resident/corrections', { trigger: 'close-contact', declaredOn: shanghaiDay(new Date()), category: 'not-me', text: '当天不在现场' })).status).toBe(400);
  expect((await me.call('POST', '/v1/resident/corrections', { trigger: 'confirmed-case', category: 'not-me', text: '当天不在现场' })).status).toBe(409);

  const { correction } = correctionResponse.parse((await me.call('POST', '/v1/resident/corrections', { trigger: 'close-contact', category: 'not-me', text: '当天不在现场，有行程记录' })).body);
  await decide(correction.id, reviewer, 'accept');
  const confirmed = await decide(correction.id, officer, 'accept');
  expect(correctionDecisionResponse.parse(confirmed.body).outcome).toEqual({ color: 'green', withdrawnItems: 1 });
  expect((await me.call('GET', '/v1/resident/status')).body).toMatchObject({ color: 'green', reasons: [] });
}, SLOW_MACHINE_MS);

test('bad input is a Chinese 400 that writes nothing; a stranger\'s id is a 404; the list cursor is bound to its filter', async () => {
  const me = await registered();
  const bad = await me.call('POST', '/v1/resident/corrections', { trigger: 'declared-contact', category: 'not-me', text: 'x' });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['declaredOn', 'text']);
  expect((await me.call('GET', '/v1/resident/corrections')).body).toEqual({ corrections: [] });

  expect((await decide('c000000000ffffffffff', officer, 'accept')).status).toBe(404);
  expect((await decide('not-an-id', officer, 'accept')).status).toBe(400);
  expect((await call('POST', '/v1/authority/corrections/c000000000ffffffffff/decision', { decision: 'maybe', basis: '' }, { headers: officer })).status).toBe(400);

  const page = await call('GET', '/v1/authority/corrections?limit=1', undefined, { headers: officer });
  expect(page.status).toBe(200);
  if (page.body.nextCursor) {
    const reused = await call('GET', `/v1/authority/corrections?limit=1&state=pending&cursor=${page.body.nextCursor}`, undefined, { headers: officer });
    expect(reused.status).toBe(400);
  }
  expect((await call('GET', '/v1/authority/corrections?cursor=bm9wZQ', undefined, { headers: officer })).status).toBe(400);
  // Residents and inspectors never reach the queue.
  expect((await me.call('GET', '/v1/authority/corrections')).status).toBe(403);
}, SLOW_MACHINE_MS);
