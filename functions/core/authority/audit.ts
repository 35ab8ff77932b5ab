/**
 * Tamper evidence of the colour history: one resident's chain on request, and a random sample on a
 * schedule that raises an alarm metric on any break.
 */
import type { VerifyChainRequest, VerifyChainResponse } from '../../../shared/api/audit';
import { verifyHolderHistory, type ChainVerdict } from '../holder-state';
import { NotFoundError } from '../errors';
import type { PageCursor } from './ports';
import { mapLimit, type AuthorityPorts } from './work';

function report(verdict: ChainVerdict, entries: number): VerifyChainResponse {
  if (verdict.ok) return { intact: true, entries: verdict.length, detail: `变更记录完整，共${verdict.length}条，未发现篡改` };
  return { intact: false, entries, brokenAt: verdict.seq, detail: `变更记录在第${verdict.seq}条处断链，记录可能被篡改` };
}

/**
 * Verifies one resident's colour history.
 *
 * 1. Hashes the document (keyed HMAC) and finds the holder through DOC#<hash>/BIND (404 if none).
 * 2. Loads the history and checks the chain with holder-state's verifier: sequence, prevHash links,
 *    each entry's hash of its content, and the head kept on the status item.
 */
export async function verifyResidentChain(ports: AuthorityPorts, request: VerifyChainRequest): Promise<VerifyChainResponse> {
  const hash = await ports.documentHash(request.documentType, request.documentNumber);
  const holderId = await ports.store.holderOfDocument(hash);
  if (holderId === undefined) throw new NotFoundError('未找到该证件对应的已登记居民');
  const verdict = await verifyHolderHistory(ports.store, holderId);
  return report(verdict, verdict.ok ? verdict.length : verdict.seq);
}

/** The metrics port: Powertools Metrics (EMF) on AWS, a recorder in tests. */
export interface MetricsSink {
  count(name: string, value: number): void;
  flush(): void;
}

export interface SampleResult {
  checked: number;
  broken: string[];
}

/** Scan segments the sample draws from; a random start segment spreads samples over the table. */
export const SAMPLE_SEGMENTS = 64;

/**
 * The scheduled audit sample.
 *
 * 1. Picks a random Scan segment (of SAMPLE_SEGMENTS) and walks segments from there, reading status
 *    items only, until `size` holders are found (or every segment was read once).
 * 2. Verifies each holder's chain.
 * 3. Emits `HistoryChainsVerified` and `HistoryChainBreaks`; the alarm in serverless.ts fires on any
 *    break. Broken holders are logged by their pseudonymous holder id only.
 */
export async function sampleChains(ports: AuthorityPorts, metrics: MetricsSink, size: number, random: () => number = Math.random): Promise<SampleResult> {
  const start = Math.floor(random() * SAMPLE_SEGMENTS);
  const holders: string[] = [];
  for (let i = 0; i < SAMPLE_SEGMENTS && holders.length < size; i++) {
    const segment = (start + i) % SAMPLE_SEGMENTS;
    let cursor: PageCursor | undefined;
    do {
      const page = await ports.store.statusPage(segment, SAMPLE_SEGMENTS, { cursor });
      for (const id of page.holderIds) if (holders.length < size) holders.push(id);
      cursor = page.next;
    } while (cursor && holders.length < size);
  }
  const verdicts = await mapLimit(holders, 8, async (id) => ({ id, verdict: await verifyHolderHistory(ports.store, id) }));
  const broken = verdicts.filter((v) => !v.verdict.ok).map((v) => v.id);
  metrics.count('HistoryChainsVerified', verdicts.length);
  metrics.count('HistoryChainBreaks', broken.length);
  metrics.flush();
  return { checked: verdicts.length, broken };
}
