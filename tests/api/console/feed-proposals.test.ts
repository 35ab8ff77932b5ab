/**
 * Feeds with two people over HTTP: an official proposes close contacts with a basis and sees the
 * impact; nobody applies their own proposal; a second official's approval applies the records
 * through the feed use case; the decision log names both and its chain holds.
 */
import { call, client } from '../../support/http';
import { profileBody, quietDeclaration, signIn } from '../../support/resident-fixtures';
import { residentId } from '../../support/authority-fixtures';

const SCOPE = 'console-feed-proposals';
const api = client(SCOPE);

async function official(subject: string): Promise<string> {
  const res = await call('POST', '/v1/console/sessions', { provider: 'sandbox', subject });
  if (res.status !== 200) throw new Error(`sign-in ${subject}: ${res.status} ${res.text}`);
  return res.body.token as string;
}

/** serverless-offline answers a Lambda that timed out on a cold start with 200 and an error envelope: ask again. */
async function retried(send: () => Promise<{ status: number; body: any; text: string }>) {
  let res = await send();
  let retries = 0;
  for (; retries < 2 && res.body?.errorType; retries++) res = await send();
  // A timed-out first attempt may still have registered the profile: then the retry's 409 is that success.
  return retries > 0 && res.status === 409 ? { ...res, status: 201 } : res;
}

async function declaredResident() {
  const me = await signIn(SCOPE);
  const profile = profileBody();
  expect((await retried(() => me.call('POST', '/v1/resident/profile', profile))).status).toBe(201);
  expect((await retried(() => me.call('POST', '/v1/resident/declarations', quietDeclaration))).status).toBe(201);
  return { ...me, profile };
}

const closeContact = (documentNumber: string) => ({ documentType: 'resident-id', documentNumber, at: new Date(Date.now() - 3_600_000).toISOString(), lastExposureDay: new Date().toISOString().slice(0, 10) });
const basis = { kind: 'epi-report', reference: `LS-流调-${Date.now().toString(36)}` };

describe('two-person feed proposals', () => {
  test('propose → impact → the proposer cannot approve → a second official approves → the resident is red; the log names both', async () => {
    const resident = await declaredResident();
    expect((await resident.call('GET', '/v1/resident/status')).body.color).toBe('green');
    const [proposer, lead, approver, viewer] = await Promise.all(['demo-proposer', 'demo-lead', 'demo-approver', 'demo-viewer'].map(official));
    const body = { type: 'close-contact', basis, records: [closeContact(resident.profile.documentNumber), closeContact(residentId())] };

    const preview = await api.call('POST', '/v1/console/feed-previews', body, { token: proposer });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ records: 2, people: 2, registered: 1, colourChanges: 1, transitions: [{ from: 'green', to: 'red', count: 1 }] });
    // A preview writes nothing: the resident is still green.
    expect((await resident.call('GET', '/v1/resident/status')).body.color).toBe('green');

    // A viewer may not propose.
    expect((await api.call('POST', '/v1/console/feed-proposals', body, { token: viewer })).status).toBe(403);

    const proposed = await api.call('POST', '/v1/console/feed-proposals', { ...body, records: [closeContact(resident.profile.documentNumber)] }, { token: lead });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'proposed', basis, proposer: { id: 'sandbox:demo-lead', name: '演示科室负责人' }, impact: { colourChanges: 1 } });
    expect(JSON.stringify(proposed.body)).not.toContain(resident.profile.documentNumber);
    const id = proposed.body.id as string;

    // The lead holds `approver` too, and still cannot approve their own proposal.
    const own = await api.call('POST', `/v1/console/feed-proposals/${id}/decision`, { decision: 'approve' }, { token: lead });
    expect(own.status).toBe(403);
    expect(own.body.detail).toBe('提议人不能审批自己的提议，请由另一位审批人审批');
    // A proposer without `approver` is refused by role.
    expect((await api.call('POST', `/v1/console/feed-proposals/${id}/decision`, { decision: 'approve' }, { token: proposer })).status).toBe(403);
    expect((await resident.call('GET', '/v1/resident/status')).body.color).toBe('green');

    const approved = await api.call('POST', `/v1/console/feed-proposals/${id}/decision`, { decision: 'approve' }, { token: approver });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decider: { id: 'sandbox:demo-approver' }, applied: { feedId: id, accepted: 1, affected: 1 } });
    expect((await resident.call('GET', '/v1/resident/status')).body).toMatchObject({ color: 'red', reasons: [{ code: 'close-contact' }] });

    // Decided once: a second decision is a 409.
    expect((await api.call('POST', `/v1/console/feed-proposals/${id}/decision`, { decision: 'reject', reason: '重复' }, { token: approver })).status).toBe(409);

    const log = await api.call('GET', '/v1/console/audit', undefined, { token: viewer });
    expect(log.status).toBe(200);
    expect(log.body.verdict).toMatchObject({ intact: true });
    const mine = log.body.entries.filter((e: { proposalId: string }) => e.proposalId === id);
    expect(mine.map((e: { action: string }) => e.action).sort()).toEqual(['feed-approved', 'feed-proposed']);
    expect(mine.find((e: { action: string }) => e.action === 'feed-approved')).toMatchObject({ basis, proposer: { id: 'sandbox:demo-lead' }, decider: { id: 'sandbox:demo-approver' } });
  }, 60_000);

  test('a rejection needs a reason, applies nothing and is logged', async () => {
    const resident = await declaredResident();
    const [proposer, approver] = await Promise.all(['demo-proposer', 'demo-approver'].map(official));
    const proposed = await api.call('POST', '/v1/console/feed-proposals', { type: 'close-contact', basis, records: [closeContact(resident.profile.documentNumber)] }, { token: proposer });
    expect(proposed.status).toBe(201);
    const id = proposed.body.id as string;
    const noReason = await api.call('POST', `/v1/console/feed-proposals/${id}/decision`, { decision: 'reject' }, { token: approver });
    expect(noReason.status).toBe(400);
    expect(noReason.body.detail).toBe('驳回时请填写理由');
    const rejected = await api.call('POST', `/v1/console/feed-proposals/${id}/decision`, { decision: 'reject', reason: '流调报告编号有误' }, { token: approver });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: '流调报告编号有误' });
    expect(rejected.body.applied).toBeUndefined();
    expect((await resident.call('GET', '/v1/resident/status')).body.color).toBe('green');
    const listed = await api.call('GET', '/v1/console/feed-proposals?status=rejected', undefined, { token: approver });
    expect(listed.body.proposals.map((p: { id: string }) => p.id)).toContain(id);
  }, 60_000);

  test('a proposal with a bad row is refused whole, with the row and its Chinese reason', async () => {
    const proposer = await official('demo-proposer');
    const res = await api.call('POST', '/v1/console/feed-proposals', { type: 'close-contact', basis, records: [closeContact(residentId()), { documentType: 'resident-id', documentNumber: '123', at: new Date().toISOString(), lastExposureDay: '2020-01-01' }] }, { token: proposer });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'records.1' });
    expect(res.body.errors[0].message).toMatch(/^第2行：/);
  });
});
