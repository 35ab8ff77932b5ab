import { assertSecondPrincipal, SAME_PRINCIPAL } from '../../../functions/core/two-person';
import { AUDIT_GENESIS, chainAuditEntry, verifyAuditChain, type AuditContent } from '../../../functions/core/console/audit-chain';
import { tallyColourChanges } from '../../../functions/adapters/colour-stats';
import { ForbiddenError } from '../../../functions/core/errors';

describe('assertSecondPrincipal', () => {
  test('the proposer can never be the approver, whatever the spacing; a missing principal is refused too', () => {
    expect(() => assertSecondPrincipal('sandbox:demo-lead', 'sandbox:demo-lead')).toThrow(new ForbiddenError(SAME_PRINCIPAL));
    expect(() => assertSecondPrincipal('sandbox:demo-lead', ' sandbox:demo-lead ')).toThrow(ForbiddenError);
    expect(() => assertSecondPrincipal('', 'sandbox:demo-approver')).toThrow(ForbiddenError);
    expect(() => assertSecondPrincipal('sandbox:demo-lead', '')).toThrow(ForbiddenError);
    expect(() => assertSecondPrincipal('sandbox:demo-lead', 'sandbox:demo-approver')).not.toThrow();
  });
});

describe('the decision log chain', () => {
  const content = (n: number): AuditContent => ({
    at: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
    action: n % 2 ? 'feed-approved' : 'feed-proposed',
    proposalId: `FP-20260101000000-0000000${n}`,
    basis: { kind: 'epi-report', reference: `R-${n}` },
    proposer: { id: 'sandbox:demo-proposer', name: '演示流调员' },
    ...(n % 2 ? { decider: { id: 'sandbox:demo-approver', name: '演示审批员' } } : {}),
  });
  const chain = () => {
    const entries = [];
    let head = AUDIT_GENESIS;
    for (let n = 0; n < 4; n++) {
      const entry = chainAuditEntry(head, content(n));
      entries.push(entry);
      head = { seq: entry.seq, hash: entry.hash };
    }
    return { entries, head };
  };

  test('an untouched log verifies against its head', () => {
    const { entries, head } = chain();
    expect(verifyAuditChain(entries, head)).toEqual({ intact: true, entries: 4 });
  });

  test('an edited approver, a removed entry or a dropped tail breaks the chain', () => {
    const { entries, head } = chain();
    const edited = entries.map((e) => (e.seq === 2 ? { ...e, decider: { id: 'sandbox:demo-proposer', name: '演示流调员' } } : e));
    expect(verifyAuditChain(edited, head)).toMatchObject({ intact: false, brokenAt: 2 });
    expect(verifyAuditChain([entries[0]!, entries[2]!, entries[3]!], head)).toMatchObject({ intact: false, brokenAt: 3 });
    expect(verifyAuditChain(entries.slice(0, 3), head)).toMatchObject({ intact: false, brokenAt: 4 });
  });
});

describe('colour counters from status changes', () => {
  test('a new resident adds one; a change moves one between colours and counts the entry on its day; no change counts nothing', () => {
    const at = new Date('2026-03-01T10:00:00+08:00');
    const tally = tallyColourChanges([
      { next: { color: 'green' }, at },
      { old: { color: 'green' }, next: { color: 'red' }, at },
      { old: { color: 'red' }, next: { color: 'red' }, at },
      { old: { color: 'yellow' }, at },
    ]);
    expect(tally.total).toEqual({ green: 0, yellow: -1, red: 1 });
    expect(Object.fromEntries(tally.entered)).toEqual({ '2026-03-01': { green: 1, yellow: 0, red: 1 } });
  });
});
