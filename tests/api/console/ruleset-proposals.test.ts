/**
 * Ruleset roll-out with two people over HTTP: the dry run over a bounded sample, the proposal with its
 * vectors, the proposer refused, a second official's approval storing the version as scheduled (in
 * 2099 here, so that no other test file's residents are rolled out; the activation itself is
 * tests/integration/core/console-ruleset-proposals.test.ts).
 */
import v1Vectors from '../../../shared/rules/v1.vectors.json' with { type: 'json' };
import { call, client } from '../../support/http';
import { rulesetV1 } from '../../../shared/rules/schema';
import { DRY_RUN_SAMPLE, auditEntry, rulesetDryRun, rulesetProposal, rulesetProposalView } from '../../../shared/api/console';
import { SAME_PRINCIPAL } from '../../../functions/core/two-person';

const api = client('console-ruleset-proposals');
const VERSION = `1.0.1-api${Date.now().toString(36)}`;
const document = { ...rulesetV1, version: VERSION, effectiveFrom: '2099-03-01T00:00:00+08:00' };
const basis = { kind: 'document', reference: '浙卫发〔2026〕8号' };

async function official(subject: string): Promise<string> {
  const res = await call('POST', '/v1/console/sessions', { provider: 'sandbox', subject });
  if (res.status !== 200) throw new Error(`sign-in ${subject}: ${res.status} ${res.text}`);
  return res.body.token as string;
}

test('dry run → proposal with vectors → the proposer cannot approve → a second official schedules it; logged', async () => {
  const [proposer, lead, approver, viewer] = await Promise.all(['demo-proposer', 'demo-lead', 'demo-approver', 'demo-viewer'].map(official));

  const dry = await api.call('POST', '/v1/console/rulesets/dry-runs', { ruleset: document }, { token: proposer });
  expect(dry.status).toBe(200);
  const run = rulesetDryRun.parse(dry.body);
  expect(run.sampled).toBeGreaterThan(0);
  expect(run.sampled).toBeLessThanOrEqual(DRY_RUN_SAMPLE);
  expect(run.transitions.reduce((n, t) => n + t.count, 0)).toBe(run.colourChanges);
  expect(run.after.green + run.after.yellow + run.after.red).toBe(run.sampled);
  expect((await api.call('POST', '/v1/console/rulesets/dry-runs', { ruleset: document }, { token: viewer })).status).toBe(403);

  const proposed = await api.call('POST', '/v1/console/rulesets/proposals', { ruleset: document, vectors: v1Vectors, basis }, { token: lead });
  expect(proposed.status).toBe(201);
  const proposal = rulesetProposal.parse(proposed.body);
  expect(proposal).toMatchObject({ status: 'proposed', version: VERSION, effectiveFrom: document.effectiveFrom, vectors: { passed: v1Vectors.vectors.length } });
  // Not stored as a ruleset until approved.
  const before = await api.call('GET', '/v1/console/rulesets', undefined, { token: viewer });
  expect(before.body.rulesets.map((r: { version: string }) => r.version)).not.toContain(VERSION);

  expect(await api.call('POST', `/v1/console/rulesets/proposals/${proposal.id}/decision`, { decision: 'approve' }, { token: lead })).toMatchObject({ status: 403, body: { detail: SAME_PRINCIPAL } });
  const seen = await api.call('GET', `/v1/console/rulesets/proposals/${proposal.id}`, undefined, { token: approver });
  expect(rulesetProposalView.parse(seen.body).dryRunNow?.sampled).toBeGreaterThan(0);
  const approved = await api.call('POST', `/v1/console/rulesets/proposals/${proposal.id}/decision`, { decision: 'approve' }, { token: approver });
  expect(approved.body).toMatchObject({ status: 'approved', applied: { version: VERSION, state: 'scheduled', effectiveFrom: document.effectiveFrom } });
  const after = await api.call('GET', '/v1/console/rulesets', undefined, { token: viewer });
  expect(after.body.rulesets.find((r: { version: string }) => r.version === VERSION)).toMatchObject({ state: 'scheduled', principal: 'console:sandbox:demo-lead+sandbox:demo-approver' });

  // The version is taken now: a second proposal of it is a 409.
  expect((await api.call('POST', '/v1/console/rulesets/proposals', { ruleset: document, vectors: v1Vectors, basis }, { token: proposer })).status).toBe(409);
  const log = await api.call('GET', '/v1/console/audit', undefined, { token: viewer });
  expect(log.body.verdict.intact).toBe(true);
  const mine = log.body.entries.map((e: unknown) => auditEntry.parse(e)).filter((e: { proposalId: string }) => e.proposalId === proposal.id);
  expect(mine.map((e: { action: string }) => e.action).sort()).toEqual(['ruleset-approved', 'ruleset-proposed']);
}, 120_000);

test('a bad document, failing vectors and bad bodies are refused in Chinese', async () => {
  const proposer = await official('demo-proposer');
  const bad = await api.call('POST', '/v1/console/rulesets/dry-runs', { ruleset: { ...document, version: 'v2', thresholds: { ...rulesetV1.thresholds, feverTemperature: 45 } } }, { token: proposer });
  expect(bad.status).toBe(400);
  expect(bad.body.errors).toEqual(expect.arrayContaining([{ path: 'ruleset.version', message: '版本号应为语义化版本，例如1.1.0' }, { path: 'ruleset.thresholds.feverTemperature', message: '发热体温阈值应在有效体温范围之内' }]));
  const redMedium = { ...document, version: `${VERSION}-red`, triggers: { ...rulesetV1.triggers, 'medium-risk-stay': { ...rulesetV1.triggers['medium-risk-stay'], color: 'red' } } };
  const failing = await api.call('POST', '/v1/console/rulesets/proposals', { ruleset: redMedium, vectors: v1Vectors, basis }, { token: proposer });
  expect(failing.status).toBe(400);
  expect(failing.body.detail).toMatch(/^有\d+条测试用例未通过，请修改规则集或用例后重新提交$/);
  const noVectors = await api.call('POST', '/v1/console/rulesets/proposals', { ruleset: { ...document, version: `${VERSION}-none` }, vectors: { vectors: [] }, basis }, { token: proposer });
  expect(noVectors.body.errors).toEqual([{ path: 'vectors.vectors', message: '至少需要一条测试用例' }]);
  expect((await api.call('GET', '/v1/console/rulesets/proposals/RS-20260101000000-00000000', undefined, { token: proposer })).status).toBe(404);
});
