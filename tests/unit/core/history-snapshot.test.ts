/**
 * A holder's history checked against its status while a colour change commits (a fake store built on
 * the port's two reads): the history and the head are one moment's, so a sound chain never reads as
 * broken because a change came between the two reads; a chain cut short still does.
 */
import { GENESIS_HASH, historyEntryHash, historyWithStatus, verifyHistoryChain, type HistoryEntry, type StoredStatus } from '../../../functions/core/holder-state';

function entryAfter(prev: HistoryEntry | undefined): HistoryEntry {
  const draft = { seq: (prev?.seq ?? 0) + 1, at: `2026-12-0${(prev?.seq ?? 0) + 1}T08:00:00.000Z`, from: prev?.to ?? null, to: prev?.to === 'red' ? 'green' as const : 'red' as const, reasons: [], cause: { kind: 'feed' as const, ref: `F-${(prev?.seq ?? 0) + 1}` }, prevHash: prev?.hash ?? GENESIS_HASH };
  return { ...draft, hash: historyEntryHash(draft) };
}

/** A holder with `n` entries; `commitDuringLoad` appends one more right after the history is read, the first time. */
function fakeHolder(n: number, commitDuringLoad: boolean) {
  const entries: HistoryEntry[] = [];
  for (let i = 0; i < n; i++) entries.push(entryAfter(entries.at(-1)));
  let pending = commitDuringLoad;
  const status = () => ({ historyHead: { seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash } }) as unknown as StoredStatus;
  return {
    readStatus: async () => status(),
    loadHistory: async () => {
      const read = [...entries];
      if (pending) {
        pending = false;
        entries.push(entryAfter(entries.at(-1)));
      }
      return read;
    },
  };
}

test('a change committed between the history read and the status read does not break a sound chain', async () => {
  const holder = fakeHolder(3, true);
  const { entries, status } = await historyWithStatus(holder, 'h-1');
  expect(entries).toHaveLength(4);
  expect(verifyHistoryChain(entries, status!.historyHead)).toMatchObject({ ok: true, length: 4 });
});

test('the reads as they were before (history, then status) saw that same moment as a broken chain', async () => {
  const holder = fakeHolder(3, true);
  const entries = await holder.loadHistory();
  const status = await holder.readStatus();
  expect(verifyHistoryChain(entries, status.historyHead)).toMatchObject({ ok: false, problem: 'chain head on the status does not match' });
});

test('a history cut short of its head is still found', async () => {
  const holder = fakeHolder(3, false);
  const cut = { ...holder, loadHistory: async () => (await holder.loadHistory()).slice(0, 2) };
  const { entries, status } = await historyWithStatus(cut, 'h-1');
  expect(verifyHistoryChain(entries, status!.historyHead)).toMatchObject({ ok: false, seq: 3 });
});
