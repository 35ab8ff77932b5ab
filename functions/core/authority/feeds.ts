/**
 * Authority feeds (POST /v1/authority/feeds): confirmed, suspected and asymptomatic cases, close
 * contacts, releases, test results and false-declaration findings.
 */
import { createHash, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { validateFeedRecords, type FeedRecord, type FeedRequest, type FeedResponse, type FeedType } from '../../../shared/api/authority';
import type { FeedReceipt } from './ports';
import { canonicalJson } from '../holder-state';
import { ConflictError } from '../errors';
import { CHUNK_SIZE, chunk, mapLimit, processingTime, reevaluateAll, type AuthorityPorts, type StoredFeedRecord, type WorkMessage } from './work';

/** The pseudonymous fields of a validated record, as stored under its document hash. */
function storedRecord(type: FeedType, index: number, record: FeedRecord, documentHash: string): StoredFeedRecord {
  const r = record as FeedRecord & { lastExposureDay?: string; result?: 'positive' | 'negative'; sampledAt?: string };
  return {
    index,
    documentHash,
    at: new Date(r.at).toISOString(),
    ...(type === 'close-contact' && r.lastExposureDay ? { day: r.lastExposureDay } : {}),
    ...(type === 'test-result' ? { result: r.result, sampledAt: r.sampledAt ? new Date(r.sampledAt).toISOString() : undefined } : {}),
  };
}

/**
 * Accepts a feed.
 *
 * 1. Validates every record on its own (shared/api schemas); bad ones go to `rejected` with their
 *    index and Chinese reasons, good ones are applied.
 * 2. A feed id already received: the same body gives the stored answer again and changes nothing; a
 *    different body under that id is a 409.
 * 3. Hashes each document (keyed HMAC), so no document number travels further than this function.
 * 4. Counts the registered residents the feed touches (BatchGet of DOC#<hash>/BIND): `affected`.
 * 5. Fans the records out in chunks of CHUNK_SIZE over the work queue; each chunk stores its records
 *    under DOC#<hash> (so they apply to people who register later) and re-evaluates the holders
 *    (processFeedChunk). Chunks are idempotent, so the order "work, then receipt" is safe: a crash in
 *    between means the client's retry redoes identical work.
 * 0. Before any of this, claims the id (claimFeed): a concurrent different body is refused and writes
 *    nothing; the same body waits for the first one's answer and gives it again.
 * 6. Completes the receipt with the answer (only under its own claim).
 */
export async function submitFeed(ports: AuthorityPorts, request: FeedRequest, principal: string, now: Date): Promise<FeedResponse> {
  const { store } = ports;
  const contentHash = createHash('sha256').update(canonicalJson({ type: request.type, records: request.records })).digest('hex');
  const previous = await readReceipt(ports, request.feedId);
  if (previous) {
    if (previous.answer || previous.contentHash !== contentHash) return replay(previous, contentHash);
  }
  const token = await claimFeed(ports, request, contentHash, principal, now);
  if (token === undefined) return awaitTwin(ports, request.feedId, contentHash);

  const { accepted, rejected } = validateFeedRecords(request.type, request.records, now);
  const records = await mapLimit(accepted, 64, async ({ index, record }) =>
    storedRecord(request.type, index, record, await ports.documentHash(record.documentType, record.documentNumber)),
  );
  const bound = await store.holdersByDocumentHash(records.map((r) => r.documentHash));
  const answer: FeedResponse = { feedId: request.feedId, accepted: accepted.length, rejected, affected: new Set(bound.values()).size };

  const messages: WorkMessage[] = chunk(records, CHUNK_SIZE).map((group) => ({
    kind: 'feed-chunk',
    feedId: request.feedId,
    type: request.type,
    principal,
    at: now.toISOString(),
    records: group,
  }));
  await ports.queue.send(messages);

  if (!(await store.completeFeed(request.feedId, token, gzipSync(JSON.stringify(answer)), messages.length))) {
    // A stale-claim takeover finished first with the same body: its answer is as good as ours.
    const twin = await readReceipt(ports, request.feedId);
    if (twin?.answer) return replay(twin, contentHash);
    throw new Error('feed claim lost without an answer to replay');
  }
  return answer;
}

/** A claim with no answer after this long belongs to a submitter that died: another may take it over. */
const STALE_CLAIM_MS = 60_000;
/** How long a twin request with the same body waits for the first one's answer. */
const TWIN_WAIT_MS = 20_000;

/**
 * Claims the feed id before anything is written: a conditional put of the receipt with the body's
 * hash. Returns the claim token, or undefined when another request holds the id with this body. A
 * different body under the id is a 409 that writes nothing.
 */
async function claimFeed(ports: AuthorityPorts, request: FeedRequest, contentHash: string, principal: string, now: Date): Promise<string | undefined> {
  const token = randomBytes(12).toString('base64url');
  const receipt = { feedId: request.feedId, type: request.type, principal, receivedAt: now.toISOString(), contentHash };
  if (await ports.store.claimFeed(receipt, token, now.getTime(), now.getTime() - STALE_CLAIM_MS)) return token;
  const holder = await readReceipt(ports, request.feedId);
  if (holder && (holder.answer || holder.contentHash !== contentHash)) replay(holder, contentHash);
  return undefined;
}

/** The same body is being applied by another request: wait for its answer, then give it again. */
async function awaitTwin(ports: AuthorityPorts, feedId: string, contentHash: string): Promise<FeedResponse> {
  for (let waited = 0; waited < TWIN_WAIT_MS; waited += 200) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const receipt = await readReceipt(ports, feedId);
    if (receipt?.answer) return replay(receipt, contentHash);
  }
  throw new ConflictError('该批次正在处理中，请稍后用相同的批次编号和内容重试');
}

async function readReceipt(ports: AuthorityPorts, feedId: string): Promise<FeedReceipt | undefined> {
  return ports.store.feedReceipt(feedId);
}

function replay(receipt: FeedReceipt, contentHash: string): FeedResponse {
  if (receipt.contentHash !== contentHash) {
    throw new ConflictError('该批次编号已用于另一批数据，同一编号只能提交一次，请为新数据使用新的批次编号');
  }
  return JSON.parse(gunzipSync(receipt.answer!).toString('utf8')) as FeedResponse;
}

/**
 * Processes one chunk of a feed (a `feed-chunk` message).
 *
 * 1. Stores each record under its document hash (DOC#<hash>/REC#<at>#<feedId>#<index>), stamped with
 *    the feed id and the submitting principal. Keys are deterministic, so a redelivery rewrites the
 *    same items.
 * 2. Only then looks up the bindings, so a registration racing with the feed is covered either way:
 *    bound before step 2, it is re-evaluated here; bound after step 1, its registration reads the records.
 * 3. Re-evaluates each bound holder through holder-state, with the cause `{ kind: 'feed', ref: feedId }`.
 * Returns the number of holders re-evaluated.
 */
export async function processFeedChunk(ports: AuthorityPorts, message: Extract<WorkMessage, { kind: 'feed-chunk' }>): Promise<number> {
  const { store } = ports;
  await store.putAuthorityRecords(message.records.map((r) => ({
    documentHash: r.documentHash,
    feedId: message.feedId,
    index: r.index,
    type: message.type,
    at: r.at,
    ...(r.day ? { day: r.day } : {}),
    ...(r.result ? { result: r.result } : {}),
    ...(r.sampledAt ? { sampledAt: r.sampledAt } : {}),
    principal: message.principal,
    receivedAt: message.at,
  })));
  const bound = await store.holdersByDocumentHash(message.records.map((r) => r.documentHash));
  const holders = [...new Set(bound.values())];
  return reevaluateAll(ports, holders, { kind: 'feed', ref: message.feedId }, processingTime(ports, message.at));
}
