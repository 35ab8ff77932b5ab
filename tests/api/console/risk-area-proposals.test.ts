/**
 * Risk-area levels with two people over HTTP: the proposer sees how many residents a new level
 * touches before proposing, nothing changes on a proposal, the proposer cannot decide it, a second
 * official sees the count again and approves, and only then is the area in force and the resident
 * re-coloured. The decision log names both officials, the basis and the change.
 */
import { call, client } from '../../support/http';
import { profileBody, quietDeclaration, signIn } from '../../support/resident-fixtures';
import { eventually } from '../../support/eventually';
import { auditEntry, riskAreaProposal, riskAreaProposalView } from '../../../shared/api/console';
import { SAME_PRINCIPAL } from '../../../functions/core/two-person';

const SCOPE = 'console-risk-area-proposals';
const api = client(SCOPE);
// 松阳县: no other test file sets its level, so the counts below are this file's own.
const REGION = '331124';

async function official(subject: string): Promise<string> {
  const res = await call('POST', '/v1/console/sessions', { provider: 'sandbox', subject });
  if (res.status !== 200) throw new Error(`sign-in ${subject}: ${res.status} ${res.text}`);
  return res.body.token as string;
}

async function residentIn(region: string) {
  const me = await signIn(SCOPE);
  expect((await me.call('POST', '/v1/resident/profile', profileBody())).status).toBe(201);
  expect((await me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, region })).status).toBe(201);
  return me;
}

const notice = { kind: 'notice', reference: '丽防指〔2026〕31号' };

test('propose a level → nothing changes → the proposer cannot approve → a second official approves → in force, resident red, logged', async () => {
  const resident = await residentIn(REGION);
  expect((await resident.call('GET', '/v1/resident/status')).body.color).toBe('green');
  const [proposer, lead, approver, viewer] = await Promise.all(['demo-proposer', 'demo-lead', 'demo-approver', 'demo-viewer'].map(official));

  const preview = await api.call('POST', '/v1/console/risk-areas/previews', { region: REGION, level: 'high' }, { token: proposer });
  expect(preview.status).toBe(200);
  expect(preview.body).toMatchObject({ region: REGION, name: '松阳县', from: 'none', to: 'high' });
  expect(preview.body.residents).toBeGreaterThanOrEqual(1);

  expect((await api.call('POST', '/v1/console/risk-areas/proposals', { region: REGION, level: 'high', basis: notice }, { token: viewer })).status).toBe(403);
  const proposed = await api.call('POST', '/v1/console/risk-areas/proposals', { region: REGION, level: 'high', basis: notice }, { token: lead });
  expect(proposed.status).toBe(201);
  const proposal = riskAreaProposal.parse(proposed.body);
  expect(proposal).toMatchObject({ status: 'proposed', region: REGION, level: 'high', basis: notice, proposer: { id: 'sandbox:demo-lead' }, impact: { residents: preview.body.residents } });
  expect(proposal.id).toMatch(/^RA-/);

  // A proposal changes nothing: the area is not in force and the resident stays green.
  const before = await api.call('GET', '/v1/console/risk-areas', undefined, { token: viewer });
  expect(before.body.areas.filter((a: { region: string; until?: string }) => a.region === REGION && !a.until)).toEqual([]);
  expect((await resident.call('GET', '/v1/resident/status')).body.color).toBe('green');

  // The proposer (who also holds approver) cannot decide their own proposal, either way.
  for (const decision of [{ decision: 'approve' }, { decision: 'reject', reason: '撤回' }]) {
    expect(await api.call('POST', `/v1/console/risk-areas/proposals/${proposal.id}/decision`, decision, { token: lead })).toMatchObject({ status: 403, body: { detail: SAME_PRINCIPAL } });
  }
  // A proposer without approver may not decide at all.
  expect((await api.call('POST', `/v1/console/risk-areas/proposals/${proposal.id}/decision`, { decision: 'approve' }, { token: proposer })).status).toBe(403);

  // The approver sees the impact computed again now.
  const seen = await api.call('GET', `/v1/console/risk-areas/proposals/${proposal.id}`, undefined, { token: approver });
  expect(seen.status).toBe(200);
  expect(riskAreaProposalView.parse(seen.body).impactNow).toMatchObject({ from: 'none', to: 'high', residents: preview.body.residents });
  const listed = await api.call('GET', '/v1/console/risk-areas/proposals?status=proposed', undefined, { token: viewer });
  expect(listed.body.proposals.map((p: { id: string }) => p.id)).toContain(proposal.id);
  // Feed proposals and risk-area proposals share the store but not the lists.
  const feeds = await api.call('GET', '/v1/console/feed-proposals', undefined, { token: viewer });
  expect(feeds.body.proposals.map((p: { id: string }) => p.id)).not.toContain(proposal.id);

  const approved = await api.call('POST', `/v1/console/risk-areas/proposals/${proposal.id}/decision`, { decision: 'approve' }, { token: approver });
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({ status: 'approved', decider: { id: 'sandbox:demo-approver' }, applied: { version: proposal.id } });
  expect(approved.body.applied.affected).toBeGreaterThanOrEqual(1);

  const after = await api.call('GET', '/v1/console/risk-areas', undefined, { token: viewer });
  expect(after.body.areas.find((a: { region: string; until?: string }) => a.region === REGION && !a.until)).toMatchObject({ level: 'high', name: '浙江省丽水市松阳县' });
  const status = await eventually(() => resident.call('GET', '/v1/resident/status'), (r) => r.body.color === 'red');
  expect(status.body).toMatchObject({ color: 'red', reasons: [{ code: 'high-risk-stay' }] });

  expect((await api.call('POST', `/v1/console/risk-areas/proposals/${proposal.id}/decision`, { decision: 'approve' }, { token: approver })).status).toBe(409);

  const log = await api.call('GET', '/v1/console/audit', undefined, { token: viewer });
  expect(log.body.verdict.intact).toBe(true);
  const mine = log.body.entries.map((e: unknown) => auditEntry.parse(e)).filter((e: { proposalId: string }) => e.proposalId === proposal.id);
  expect(mine.map((e: { action: string }) => e.action).sort()).toEqual(['risk-area-approved', 'risk-area-proposed']);
  for (const entry of mine) expect(entry).toMatchObject({ basis: notice, subject: '松阳县（331124）：非风险地区→高风险', proposer: { id: 'sandbox:demo-lead' } });
  expect(mine.find((e: { action: string }) => e.action === 'risk-area-approved')).toMatchObject({ decider: { id: 'sandbox:demo-approver', name: '演示审批员' } });

  // Lowering it again is a proposal too; a rejection needs a reason and leaves the level as it is.
  const lower = await api.call('POST', '/v1/console/risk-areas/proposals', { region: REGION, level: 'low', basis: notice }, { token: proposer });
  expect(lower.status).toBe(201);
  expect(lower.body.impact).toMatchObject({ from: 'high', to: 'low' });
  const noReason = await api.call('POST', `/v1/console/risk-areas/proposals/${lower.body.id}/decision`, { decision: 'reject' }, { token: approver });
  expect(noReason).toMatchObject({ status: 400, body: { errors: [{ path: 'reason', message: '驳回时请填写理由' }] } });
  const rejected = await api.call('POST', `/v1/console/risk-areas/proposals/${lower.body.id}/decision`, { decision: 'reject', reason: '疫情尚未控制' }, { token: approver });
  expect(rejected.body).toMatchObject({ status: 'rejected', reason: '疫情尚未控制' });
  const still = await api.call('GET', '/v1/console/risk-areas', undefined, { token: viewer });
  expect(still.body.areas.find((a: { region: string; until?: string }) => a.region === REGION && !a.until)).toMatchObject({ level: 'high' });
  const log2 = await api.call('GET', '/v1/console/audit', undefined, { token: viewer });
  expect(log2.body.entries.find((e: { proposalId: string; action: string }) => e.proposalId === lower.body.id && e.action === 'risk-area-rejected')).toMatchObject({ decider: { id: 'sandbox:demo-approver' }, proposer: { id: 'sandbox:demo-proposer' } });
});

test('bad input is refused in Chinese and writes nothing', async () => {
  const proposer = await official('demo-proposer');
  const outside = await api.call('POST', '/v1/console/risk-areas/proposals', { region: '440300', level: 'high', basis: notice }, { token: proposer });
  expect(outside).toMatchObject({ status: 400, body: { errors: [{ path: 'region', message: '只能调整浙江省内地区的风险等级' }] } });
  const unknown = await api.call('POST', '/v1/console/risk-areas/previews', { region: '331199', level: 'high' }, { token: proposer });
  expect(unknown).toMatchObject({ status: 400, body: { errors: [{ path: 'region', message: '地区码不正确，请重新选择地区' }] } });
  const noBasis = await api.call('POST', '/v1/console/risk-areas/proposals', { region: '331126', level: 'high', basis: { kind: 'epi-report', reference: 'x' } }, { token: proposer });
  expect(noBasis.body.errors[0]).toMatchObject({ path: 'basis.kind', message: '请选择依据类型（防控指挥部通告编号或文件编号）' });
  // No change: 庆元县 is not a risk area, so lowering it is refused before anything is stored.
  const same = await api.call('POST', '/v1/console/risk-areas/proposals', { region: '331126', level: 'low', basis: notice }, { token: proposer });
  expect(same).toMatchObject({ status: 400, body: { detail: '庆元县现为非风险地区，无需调整' } });
  const missing = await api.call('GET', '/v1/console/risk-areas/proposals/RA-20260101000000-00000000', undefined, { token: proposer });
  expect(missing).toMatchObject({ status: 404, body: { detail: '未找到该提议' } });
  expect((await api.call('GET', '/v1/console/risk-areas/proposals/FP-20260101000000-00000000', undefined, { token: proposer })).status).toBe(400);
});
