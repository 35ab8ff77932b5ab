/**
 * The corrections queue from the console over HTTP: officials see it masked; a proposer proposes,
 * a different approver confirms; the proposer confirming their own proposal is a 403; each step
 * names the official; an accepted correction withdraws exactly the one trigger.
 */
import { call } from '../../support/http';
import { profileBody, quietDeclaration, signIn } from '../../support/resident-fixtures';
import { LOCAL_AUTHORITY_KEY } from '../../../scripts/lib/seed';
import { authorityCorrectionsResponse, correctionDecisionResponse } from '../../../shared/api/corrections';
import { shanghaiDay } from '../../../shared/time';

const SCOPE = 'console-corrections';
const SLOW_MACHINE_MS = 120_000;

async function official(subject: string): Promise<string> {
  const res = await call('POST', '/v1/console/sessions', { provider: 'sandbox', subject });
  if (res.status !== 200) throw new Error(`sign-in ${subject}: ${res.status} ${res.text}`);
  return res.body.token as string;
}

/** Red from a declared contact and yellow from declared symptoms; files a correction of the contact. */
async function filedCorrection() {
  const me = await signIn(SCOPE);
  const profile = profileBody();
  expect((await me.call('POST', '/v1/resident/profile', profile)).status).toBe(201);
  const declared = await me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, contactWithCase: true, symptoms: ['cough'] });
  expect(declared.body.status.color).toBe('red');
  const filed = await me.call('POST', '/v1/resident/corrections', { trigger: 'declared-contact', declaredOn: shanghaiDay(new Date()), category: 'declared-by-mistake', text: '误选了接触史，本人没有接触过病例' });
  expect(filed.status).toBe(201);
  return { me, profile, id: filed.body.correction.id as string };
}

const decide = (id: string, token: string, decision: 'accept' | 'reject', basis = '流调报告 LS-2026-0042') =>
  call('POST', `/v1/console/corrections/${id}/decision`, { decision, basis }, { token });

test('a proposer proposes, the proposer cannot confirm, an approver confirms: one trigger goes and every step names its official', async () => {
  const { me, profile, id } = await filedCorrection();
  const [viewer, proposer, approver, lead] = await Promise.all(['demo-viewer', 'demo-proposer', 'demo-approver', 'demo-lead'].map(official));

  // Any official sees the queue, masked, with the resident's words.
  const queue = await call('GET', '/v1/console/corrections?state=pending&limit=100', undefined, { token: viewer });
  expect(queue.status).toBe(200);
  const listed = authorityCorrectionsResponse.parse(queue.body).corrections.find((c) => c.id === id)!;
  expect(listed).toMatchObject({ state: 'pending', triggerLabel: '申报的接触史', categoryLabel: '申报时填错了', text: '误选了接触史，本人没有接触过病例', chainOk: true });
  expect(listed.holder.maskedName).toContain('*');
  expect(JSON.stringify(queue.body)).not.toContain(profile.documentNumber);
  expect(JSON.stringify(queue.body)).not.toContain(profile.name);

  // A viewer cannot decide; an approver without `proposer` cannot make the first decision.
  expect(await decide(id, viewer, 'accept')).toMatchObject({ status: 403, body: { detail: expect.stringContaining('“提交”权限') } });
  expect(await decide(id, approver, 'accept')).toMatchObject({ status: 403, body: { detail: expect.stringContaining('“提交”权限') } });
  // A basis is required, in Chinese.
  const noBasis = await call('POST', `/v1/console/corrections/${id}/decision`, { decision: 'accept' }, { token: lead });
  expect(noBasis.status).toBe(400);
  expect(noBasis.body.errors[0].message).toBe('请填写依据，例如流调报告编号');

  const proposed = await decide(id, lead, 'accept');
  expect(proposed.status).toBe(200);
  expect(proposed.body.correction).toMatchObject({ state: 'in-review', proposal: { decision: 'accept', by: '演示科室负责人（sandbox:demo-lead）' } });

  // The lead holds `approver` too, and still cannot confirm their own proposal; a proposer without `approver` cannot confirm.
  const own = await decide(id, lead, 'accept');
  expect(own.status).toBe(403);
  expect(own.headers.get('content-type')).toContain('application/problem+json');
  expect(own.body.detail).toBe('提议人不能审批自己的提议，请由另一位审批人审批');
  expect(await decide(id, proposer, 'accept')).toMatchObject({ status: 403, body: { detail: expect.stringContaining('“审批”权限') } });
  expect((await me.call('GET', '/v1/resident/status')).body.color).toBe('red');

  const confirmed = await decide(id, approver, 'accept', '与居民电话核实，系误选');
  expect(confirmed.status).toBe(200);
  const decision = correctionDecisionResponse.parse(confirmed.body);
  expect(decision.outcome).toEqual({ color: 'yellow', withdrawnItems: 1 });
  expect(decision.correction.steps.map((s) => [s.action, s.actor])).toEqual([
    ['filed', 'resident'],
    ['proposed', '演示科室负责人（sandbox:demo-lead）'],
    ['confirmed', '演示审批员（sandbox:demo-approver）'],
  ]);
  expect(decision.correction.chainOk).toBe(true);
  expect((await me.call('GET', '/v1/resident/status')).body).toMatchObject({ color: 'yellow', reasons: [{ code: 'fever-or-symptoms' }] });

  // Decided: a third decision is a 409; the authority route shows the same steps.
  expect((await decide(id, lead, 'accept')).status).toBe(409);
  const machine = await call('GET', '/v1/authority/corrections?state=accepted&limit=100', undefined, { headers: { 'x-authority-key': LOCAL_AUTHORITY_KEY } });
  expect(machine.body.corrections.find((c: { id: string }) => c.id === id).steps).toHaveLength(3);
}, SLOW_MACHINE_MS);

test('two officials who disagree send the correction back to the queue; an unknown id is a 404; a bad id a 400', async () => {
  const { me, id } = await filedCorrection();
  const [proposer, approver] = await Promise.all(['demo-proposer', 'demo-approver'].map(official));
  expect((await decide(id, proposer, 'accept')).body.correction.state).toBe('in-review');
  const returned = await decide(id, approver, 'reject', '流调报告显示确有接触');
  expect(returned.status).toBe(200);
  expect(returned.body.correction).toMatchObject({ state: 'pending' });
  expect(returned.body.correction.proposal).toBeUndefined();
  expect(returned.body.correction.steps.map((s: { action: string }) => s.action)).toEqual(['filed', 'proposed', 'returned']);
  expect((await me.call('GET', '/v1/resident/status')).body.color).toBe('red');

  expect((await decide('c000000000deadbeef00', proposer, 'accept')).status).toBe(404);
  const bad = await decide('not-an-id', proposer, 'accept');
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].message).toBe('纠错编号格式不正确');
  // Without a console session: 401; with a resident's token: 403.
  expect((await call('GET', '/v1/console/corrections')).status).toBe(401);
  expect((await call('GET', '/v1/console/corrections', undefined, { token: me.token })).status).toBe(403);
}, SLOW_MACHINE_MS);
