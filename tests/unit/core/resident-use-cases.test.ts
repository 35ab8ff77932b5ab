/**
 * Resident use cases over fakes of their ports (core/resident/ports.ts, core/holder-state.ts
 * `HolderStore`): the check-in's planned writes and its refusals, and the sign-in's account
 * decisions, without a table. The real stores run in tests/integration and tests/api/resident.
 */
import { checkIn, signIn, type ResidentPorts, type ResidentStore } from '../../../functions/core/resident';
import { GENESIS_HASH, type HolderWrite, type StoredStatus } from '../../../functions/core/holder-state';
import { readDeclaration } from '../../../functions/core/facts';
import { WriteConflict } from '../../../functions/core/store-errors';
import { AccountClosingError, AlreadyCheckedInError, ForbiddenError, NotDeclaredError } from '../../../functions/core/errors';
import { rulesetV1 } from '../../../shared/rules/schema';
import { shanghaiDay } from '../../../shared/time';
import { fakePort } from '../../support/port-fakes';

const now = new Date('2026-12-02T01:00:00Z');
const today = shanghaiDay(now);

const status = (changes: Partial<StoredStatus> = {}): StoredStatus => ({
  holderId: 'h1',
  accountId: 'a1',
  color: 'green',
  since: '2026-11-30T01:00:00.000Z',
  evaluatedAt: '2026-11-30T01:00:00.000Z',
  rulesetVersion: rulesetV1.version,
  reasons: [],
  streak: 0,
  declaredAt: '2026-11-30T01:00:00.000Z',
  holder: { maskedName: '林*', maskedDocument: '3****************1' },
  documentHash: 'doc-hash',
  version: 3,
  historyHead: { seq: 1, hash: GENESIS_HASH.replace(/0/g, 'a') },
  ...changes,
});

/** Ports whose holder store holds one declared, green holder and records what is committed. */
function residentPorts(current: StoredStatus | undefined, commit: (writes: readonly HolderWrite[]) => Promise<void>, extra: Partial<ResidentPorts> = {}) {
  const quiet = { region: '331102', travel: [], symptoms: [], contactWithCase: false, day: '2026-11-30' };
  return fakePort<ResidentPorts>({
    readStatus: async () => current,
    declarations: async () => [{ id: '2026-11-30T01:00:00.000Z#aaaaaa', item: quiet, facts: readDeclaration(quiet)! }],
    checkins: async () => [],
    documentItems: async () => [],
    riskAreas: async () => [],
    activeRuleset: async () => rulesetV1,
    commit,
    ...extra,
  }, 'resident ports');
}

describe('checkIn over fake ports', () => {
  test("a normal check-in writes today's check-in and the status at the next version, in one commit", async () => {
    const commits: (readonly HolderWrite[])[] = [];
    const ports = residentPorts(status(), async (writes) => { commits.push(writes); });
    const answer = await checkIn(ports, 'h1', { temperature: 36.5, symptoms: [] }, now);
    expect(answer).toMatchObject({ day: today, streak: 1, status: { color: 'green' } });
    expect(commits).toHaveLength(1);
    const [writes] = commits;
    // The account-open check: a deletion under way makes the whole change lose (functions/core/resident/deletion.ts).
    expect(writes!.map((w) => w.kind)).toEqual(['checkin', 'account-open', 'status']);
    expect(writes![0]).toMatchObject({ kind: 'checkin', holderId: 'h1', facts: { day: today, temperature: 36.5 } });
    expect(writes![1]).toEqual({ kind: 'account-open', accountId: status().accountId });
    expect(writes![2]).toMatchObject({ kind: 'status', expectedVersion: 3, status: { version: 4, streak: 1, color: 'green' } });
  });

  test("the day's check-in already there (its condition failed) is a 409 and is not retried", async () => {
    let commits = 0;
    const ports = residentPorts(status(), async () => {
      commits++;
      throw new WriteConflict([true, false, false]);
    });
    await expect(checkIn(ports, 'h1', { temperature: 36.5, symptoms: [] }, now)).rejects.toBeInstanceOf(AlreadyCheckedInError);
    expect(commits).toBe(1);
  });

  test('the account is being deleted (its account-open check failed): a 409 that is not retried', async () => {
    let commits = 0;
    const ports = residentPorts(status(), async () => {
      commits++;
      throw new WriteConflict([false, true, true]);
    });
    await expect(checkIn(ports, 'h1', { temperature: 36.5, symptoms: [] }, now)).rejects.toThrow('账号正在注销，本次操作未保存');
    await expect(checkIn(ports, 'h1', { temperature: 36.5, symptoms: [] }, now)).rejects.toBeInstanceOf(AccountClosingError);
    expect(commits).toBe(2);
  });

  test('a version conflict is planned again from a fresh read', async () => {
    const versions: number[] = [];
    let current = status();
    const ports = residentPorts(undefined, async (writes) => {
      const write = writes.find((w) => w.kind === 'status');
      versions.push(write?.kind === 'status' ? write.expectedVersion ?? -1 : -1);
      if (versions.length === 1) {
        current = status({ version: 7 });
        throw new WriteConflict([false, false, true]);
      }
    }, { readStatus: async () => current });
    await checkIn(ports, 'h1', { temperature: 36.5, symptoms: [] }, now);
    expect(versions).toEqual([3, 7]);
  });

  test('before a declaration there is nothing to check in to: 409, nothing committed', async () => {
    const ports = residentPorts(status({ declaredAt: undefined }), async () => { throw new Error('must not commit'); });
    await expect(checkIn(ports, 'h1', { temperature: 36.5, symptoms: [] }, now)).rejects.toBeInstanceOf(NotDeclaredError);
  });
});

describe('signIn over fake ports', () => {
  const sandboxPort = (certified: boolean) => ({
    identify: (subject: string) => ({ link: { PK: `SANDBOX#${subject}`, SK: 'SANDBOX' }, certified }),
    verifier: { start: async () => { throw new Error('not expected'); }, result: async () => 'passed' as const },
    completeCertify: async () => false,
  });

  test('a first sign-in creates the account and its link together', async () => {
    const created: string[] = [];
    const residents = fakePort<ResidentStore>({
      linkedAccount: async () => undefined,
      createAccount: async (account, replacing) => { created.push(`${account.provider} ${account.link.PK} ${String(replacing)}`); return true; },
    }, 'residents');
    const ports = fakePort<ResidentPorts>({ residents, sandbox: async () => sandboxPort(true) }, 'resident ports');
    const answer = await signIn(ports, { provider: 'sandbox', subject: 'demo-1' }, now);
    expect(answer).toMatchObject({ certified: true, registered: false });
    expect(created).toEqual(['sandbox SANDBOX#demo-1 undefined']);
  });

  test('a known link signs in to its account and refreshes a changed certification', async () => {
    const refreshed: boolean[] = [];
    const residents = fakePort<ResidentStore>({
      linkedAccount: async () => 'a1',
      account: async () => ({ accountId: 'a1', provider: 'sandbox', link: { PK: 'SANDBOX#demo-1', SK: 'SANDBOX' }, certified: true, createdAt: '2026-11-01T00:00:00.000Z' }),
      refreshCertification: async (_id, certified) => { refreshed.push(certified); },
    }, 'residents');
    const ports = fakePort<ResidentPorts>({ residents, sandbox: async () => sandboxPort(false) }, 'resident ports');
    expect(await signIn(ports, { provider: 'sandbox', subject: 'demo-1' }, now)).toEqual({ accountId: 'a1', certified: false, registered: false });
    expect(refreshed).toEqual([false]);
  });

  test('where the sandbox is not there, a sandbox sign-in is a 403', async () => {
    const ports = fakePort<ResidentPorts>({ sandbox: async () => undefined }, 'resident ports');
    await expect(signIn(ports, { provider: 'sandbox', subject: 'demo-1' }, now)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
