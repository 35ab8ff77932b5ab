import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../../functions/adapters/keys';
import { loadHistory, readHolderStatus } from '../../../../functions/core/holder-state';
import { activateDueRulesets, putRuleset, ROLLOUT_SEGMENTS } from '../../../../functions/core/authority/rulesets';
import { publishRiskAreas } from '../../../../functions/core/authority/risk-areas';
import { ValidationError } from '../../../../functions/core/errors';
import { rulesetV1 } from '../../../../shared/rules/schema';
import { privateTable, registerResident, residentId, rollout, testDb, testPorts, quietDeclaration } from '../../../support/authority-fixtures';

const db = testDb();
let tableName: string;
beforeAll(async () => {
  tableName = await privateTable(db, 'rulesets');
});

const { now, hours, stricter } = rollout;

describe('ruleset roll-out', () => {
  test('an invalid document is refused with every error in Chinese, and nothing is stored', async () => {
    const ports = testPorts(db, tableName);
    const bad = { ...rulesetV1, version: '2.0', thresholds: { ...rulesetV1.thresholds, feverTemperature: 45 } };
    const error = await putRuleset(ports, '2.0', bad, 'cdc', now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).errors!.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['version', 'thresholds.feverTemperature']));
    for (const e of (error as ValidationError).errors!) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await db.send(new GetCommand({ TableName: tableName, Key: keys.ruleset('2.0') }))).Item).toBeUndefined();
    await expect(putRuleset(ports, '1.2.0', { ...rulesetV1, version: '1.3.0' }, 'cdc', now)).rejects.toMatchObject({ status: 400 });
  }, 120_000);

  test('scheduled by effectiveFrom, activated once by the job, rolled out over parallel scan segments', async () => {
    const ports = testPorts(db, tableName);
    await publishRiskAreas(ports, { version: 'r-1', areas: [{ region: '330921', level: 'medium', since: '2026-06-25' }] }, 'cdc', now);
    const exposed = await registerResident(ports, residentId(), now, { ...quietDeclaration, travel: [{ region: '330921', from: '2026-06-28', to: '2026-06-29' }] });
    const calm = await registerResident(ports, residentId(), now, quietDeclaration);
    expect((await readHolderStatus(ports.store, exposed.holderId))?.color).toBe('yellow');

    expect(await putRuleset(ports, '1.1.0', stricter, 'cdc', now)).toEqual({ version: '1.1.0', effectiveFrom: stricter.effectiveFrom, state: 'scheduled' });
    expect((await db.send(new GetCommand({ TableName: tableName, Key: keys.rulesetActive() }))).Item).toBeUndefined();
    expect(await activateDueRulesets(ports, hours(2))).toEqual([]);

    const [a, b] = await Promise.all([activateDueRulesets(ports, hours(15)), activateDueRulesets(ports, hours(15))]);
    expect([...a, ...b].filter((r) => r.state === 'active' && r.rolloutSegments)).toHaveLength(1);
    expect(ports.queue.sent.filter((m) => m.kind === 'rollout-page' && !m.startKey)).toHaveLength(ROLLOUT_SEGMENTS);

    const red = await readHolderStatus(ports.store, exposed.holderId);
    expect(red).toMatchObject({ color: 'red', rulesetVersion: '1.1.0' });
    expect((await loadHistory(ports.store, exposed.holderId)).at(-1)).toMatchObject({ from: 'yellow', to: 'red', cause: { kind: 'ruleset', ref: '1.1.0' } });
    expect(await readHolderStatus(ports.store, calm.holderId)).toMatchObject({ color: 'green', rulesetVersion: '1.1.0' });

    expect(await putRuleset(ports, '1.1.0', stricter, 'cdc', hours(16))).toMatchObject({ state: 'active' });
    await expect(putRuleset(ports, '1.1.0', { ...stricter, title: '另一份规则集的标题' }, 'cdc', hours(16))).rejects.toMatchObject({ status: 409 });
  }, 120_000);

  test('an activation whose roll-out was interrupted is rolled out by the next job run', async () => {
    const ports = testPorts(db, tableName);
    const someone = await registerResident(ports, residentId(), hours(20), quietDeclaration);
    const send = ports.queue.send;
    ports.queue.send = async () => {
      throw new Error('queue unavailable');
    };
    const next = { ...stricter, version: '1.2.0', effectiveFrom: '2026-07-02T06:00:00+08:00' };
    await expect(putRuleset(ports, '1.2.0', next, 'cdc', hours(21))).rejects.toThrow('queue unavailable');
    expect((await readHolderStatus(ports.store, someone.holderId))?.rulesetVersion).toBe('1.1.0');
    ports.queue.send = send;
    await activateDueRulesets(ports, hours(22));
    expect((await readHolderStatus(ports.store, someone.holderId))?.rulesetVersion).toBe('1.2.0');
  }, 120_000);
});
