/**
 * The ruleset roll-out over fakes of its ports (core/authority/ports.ts, core/ports.ts): what the use
 * case decides, without a table. The real store runs in tests/integration/core/authority.
 */
import { putRuleset, ROLLOUT_SEGMENTS } from '../../../functions/core/authority/rulesets';
import type { AuthorityStore } from '../../../functions/core/authority/ports';
import type { AuthorityPorts, WorkMessage } from '../../../functions/core/authority/work';
import type { HolderStore } from '../../../functions/core/holder-state';
import { ConflictError, ValidationError } from '../../../functions/core/errors';
import { rulesetV1 } from '../../../shared/rules/schema';
import { fakePort } from '../../support/port-fakes';

const now = new Date('2026-12-02T08:00:00Z');
const next = { ...rulesetV1, version: '1.1.0', effectiveFrom: '2026-12-01T00:00:00+08:00' };

function portsOver(store: Partial<AuthorityStore>) {
  const sent: WorkMessage[] = [];
  const ports: AuthorityPorts = {
    store: fakePort<HolderStore & AuthorityStore>(store, 'store'),
    queue: { inline: false, send: async (messages) => { sent.push(...messages); } },
    reevaluate: async () => { throw new Error('not expected'); },
    documentHash: async () => { throw new Error('not expected'); },
  };
  return { ports, sent };
}

describe('putRuleset over fake ports', () => {
  test('a new ruleset already in effect is stored, claimed, made active, and rolled out in every segment', async () => {
    const calls: string[] = [];
    const { ports, sent } = portsOver({
      ruleset: async () => undefined,
      storeRuleset: async (record) => { calls.push(`store ${record.version} ${record.principal}`); return true; },
      activeRulesetPointer: async () => ({ version: '1.0.0', effectiveFrom: '2026-01-01T00:00:00+08:00' }),
      claimRulesetActivation: async (version, to) => { calls.push(`claim ${version} ${to}`); return true; },
      pointActiveRuleset: async (pointer) => { calls.push(`point ${pointer.version} after ${pointer.previousVersion}`); },
      markRolloutQueued: async (version) => { calls.push(`queued ${version}`); },
    });
    const answer = await putRuleset(ports, '1.1.0', next, 'cdc-a', now);
    expect(answer).toEqual({ version: '1.1.0', effectiveFrom: next.effectiveFrom, state: 'active', rolloutSegments: ROLLOUT_SEGMENTS });
    expect(calls).toEqual(['store 1.1.0 cdc-a', 'claim 1.1.0 active', 'point 1.1.0 after 1.0.0', 'queued 1.1.0']);
    expect(sent.map((m) => (m.kind === 'rollout-page' ? m.segment : -1))).toEqual(Array.from({ length: ROLLOUT_SEGMENTS }, (_, i) => i));
  });

  test('a ruleset older than the active one is superseded: never pointed at, never rolled out', async () => {
    const { ports, sent } = portsOver({
      ruleset: async () => undefined,
      storeRuleset: async () => true,
      activeRulesetPointer: async () => ({ version: '2.0.0', effectiveFrom: '2026-12-01T12:00:00+08:00' }),
      claimRulesetActivation: async (_version, to) => to === 'superseded',
    });
    expect((await putRuleset(ports, '1.1.0', next, 'cdc-a', now)).state).toBe('superseded');
    expect(sent).toEqual([]);
  });

  test('another body under a stored version is a 409 and stores nothing', async () => {
    const { ports } = portsOver({ ruleset: async () => ({ contentHash: 'something else', state: 'active' }) });
    await expect(putRuleset(ports, '1.1.0', next, 'cdc-a', now)).rejects.toBeInstanceOf(ConflictError);
  });

  test('a lost activation race answers the state the winner left, and points nothing', async () => {
    const { ports, sent } = portsOver({
      ruleset: (() => {
        let reads = 0;
        return async () => (reads++ === 0 ? undefined : { state: 'active' as const });
      })(),
      storeRuleset: async () => true,
      activeRulesetPointer: async () => undefined,
      claimRulesetActivation: async () => false,
    });
    expect(await putRuleset(ports, '1.1.0', next, 'cdc-a', now)).toEqual({ version: '1.1.0', effectiveFrom: next.effectiveFrom, state: 'active' });
    expect(sent).toEqual([]);
  });

  test('a document whose version differs from the address is a 400 before any read', async () => {
    const { ports } = portsOver({});
    await expect(putRuleset(ports, '1.2.0', next, 'cdc-a', now)).rejects.toBeInstanceOf(ValidationError);
  });
});
