/**
 * Ruleset roll-out with two people on DynamoDB Local (a private table): the vectors must pass, the
 * dry run counts the sampled residents whose colour would change, the proposer cannot approve, an
 * approval stores the version as scheduled, and the activation job activates it at its effective date,
 * after which the exposed resident is red under the new version.
 */
import v1Vectors from '../../../shared/rules/v1.vectors.json' with { type: 'json' };
import { dynamoProposalStore } from '../../../functions/adapters/console-store';
import { readHolderStatus } from '../../../functions/core/holder-state';
import { activateDueRulesets } from '../../../functions/core/authority/rulesets';
import { publishRiskAreas } from '../../../functions/core/authority/risk-areas';
import { decideRuleset, dryRunRuleset, getRulesetProposal, proposeRuleset, type RulesetProposalPorts } from '../../../functions/core/console/ruleset-proposals';
import { SAME_PRINCIPAL } from '../../../functions/core/two-person';
import { rulesetVectors, runVectors } from '../../../shared/rules/vectors';
import type { RulesetProposal } from '../../../shared/api/console';
import { privateTable, registerResident, residentId, rollout, testDb, testPorts, quietDeclaration } from '../../support/authority-fixtures';

const db = testDb();
let tableName: string;
beforeAll(async () => {
  tableName = await privateTable(db, 'console-rulesets');
});

const { now, hours, stricter } = rollout;
const all = rulesetVectors.parse(v1Vectors).vectors;
/** v1's vectors 1.1.0 answers differently (every one involves a medium-risk stay). */
const changed = all.filter((v) => !runVectors(stricter, [v])[0]!.pass);
const medium = all.find((v) => v.name === 'medium-risk stay: yellow')!;
/** v1's vectors where 1.1.0 agrees, plus its own: a medium-risk stay is red. */
const vectors = { vectors: [...all.filter((v) => !changed.includes(v)), { ...medium, name: '1.1.0: a medium-risk stay is red', expected: { color: 'red' as const } }] };
const lead = { id: 'sandbox:demo-lead', name: '演示科室负责人' };
const approver = { id: 'sandbox:demo-approver', name: '演示审批员' };
const basis = { kind: 'document' as const, reference: '浙卫发〔2026〕8号' };

test('vectors, dry run, two people, then activation by the job at the effective date', async () => {
  const authority = testPorts(db, tableName);
  const ports: RulesetProposalPorts = { store: dynamoProposalStore<RulesetProposal>(db, tableName, 'RS-'), authority, random: () => 0 };
  await publishRiskAreas(authority, { version: 'r-1', areas: [{ region: '330921', level: 'medium', since: '2026-06-25' }] }, 'cdc', now);
  const exposed = await registerResident(authority, residentId(), now, { ...quietDeclaration, travel: [{ region: '330921', from: '2026-06-28', to: '2026-06-29' }] });
  const calm = await registerResident(authority, residentId(), now, quietDeclaration);
  expect((await readHolderStatus(authority.store, exposed.holderId))?.color).toBe('yellow');

  // v1's own vectors fail under 1.1.0 wherever it colours differently: refused, each failure named.
  const failing = await proposeRuleset(ports, { ruleset: stricter, vectors: v1Vectors, basis }, lead, now).catch((e: unknown) => e);
  expect(failing).toMatchObject({ status: 400, message: `有${changed.length}条测试用例未通过，请修改规则集或用例后重新提交` });
  expect((failing as { errors: { path: string; message: string }[] }).errors).toContainEqual({ path: `vectors.vectors.${all.findIndex((v) => v.name === 'medium-risk stay: yellow')}`, message: 'medium-risk stay: yellow：颜色、转绿条件与预期不符' });
  // An effective date already past is refused: a roll-out is scheduled.
  await expect(proposeRuleset(ports, { ruleset: { ...stricter, effectiveFrom: '2026-06-30T00:00:00+08:00' }, vectors, basis }, lead, now)).rejects.toMatchObject({ errors: [{ path: 'ruleset.effectiveFrom', message: '生效时间应晚于现在，请选择以后的时间' }] });

  const dry = await dryRunRuleset(ports, stricter, now);
  expect(dry).toMatchObject({ version: '1.1.0', sampled: 2, colourChanges: 1, transitions: [{ from: 'yellow', to: 'red', count: 1 }], after: { green: 1, yellow: 0, red: 1 } });

  const proposal = await proposeRuleset(ports, { ruleset: stricter, vectors, basis }, lead, now);
  expect(proposal).toMatchObject({ status: 'proposed', version: '1.1.0', effectiveFrom: stricter.effectiveFrom, vectors: { total: vectors.vectors.length, passed: vectors.vectors.length }, dryRun: { colourChanges: 1 } });
  expect((await getRulesetProposal(ports, proposal.id, hours(1))).dryRunNow).toMatchObject({ sampled: 2, colourChanges: 1 });
  // Nothing stored yet: the activation job finds nothing.
  expect(await authority.store.ruleset('1.1.0')).toBeUndefined();

  await expect(decideRuleset(ports, proposal.id, { decision: 'approve' }, lead, hours(1))).rejects.toMatchObject({ status: 403, message: SAME_PRINCIPAL });
  const approved = await decideRuleset(ports, proposal.id, { decision: 'approve' }, approver, hours(1));
  expect(approved).toMatchObject({ status: 'approved', applied: { version: '1.1.0', state: 'scheduled', effectiveFrom: stricter.effectiveFrom } });
  await expect(decideRuleset(ports, proposal.id, { decision: 'approve' }, approver, hours(1))).rejects.toMatchObject({ status: 409 });

  // Before the effective date: still v1 for everyone.
  expect(await activateDueRulesets(authority, hours(2))).toEqual([]);
  expect(await readHolderStatus(authority.store, exposed.holderId)).toMatchObject({ color: 'yellow', rulesetVersion: '1.0.0' });
  // The job at the effective date activates it and rolls it out.
  expect(await activateDueRulesets(authority, hours(15))).toMatchObject([{ version: '1.1.0', state: 'active' }]);
  expect(await readHolderStatus(authority.store, exposed.holderId)).toMatchObject({ color: 'red', rulesetVersion: '1.1.0' });
  expect(await readHolderStatus(authority.store, calm.holderId)).toMatchObject({ color: 'green', rulesetVersion: '1.1.0' });

  const { entries } = await ports.store.auditLog();
  const mine = entries.filter((e) => e.proposalId === proposal.id);
  expect(mine.map((e) => e.action)).toEqual(['ruleset-proposed', 'ruleset-approved']);
  expect(mine[1]).toMatchObject({ basis, proposer: lead, decider: approver, subject: `规则集1.1.0，生效时间${stricter.effectiveFrom}` });
}, 120_000);

test('every vector 1.1.0 answers differently involves a medium-risk stay', () => {
  expect(changed.length).toBeGreaterThan(0);
  for (const v of changed) expect(JSON.stringify(v.facts)).toContain('"level":"medium"');
});
