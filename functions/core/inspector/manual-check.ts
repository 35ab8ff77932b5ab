import type { ManualCheckRequest, ManualCheckResponse, Outcome } from '../../../shared/api/inspector';
import type { Color } from '../../../shared/rules/schema';
import { passes } from '../../../shared/rules/engine';
import { assertCheckpoint, enforceRate, LOOKUPS_PER_MINUTE, recordCheck } from './guard';
import type { RateLimiter, ScanLog } from './ports';

/** What the gate needs of a holder's live status: one read. */
export interface LiveStatus {
  color: Color;
  holder: { maskedName: string; maskedDocument: string };
  documentHash: string;
}

export interface ManualCheckPorts {
  rateLimiter: RateLimiter;
  scanLog: ScanLog;
  documentHash(documentType: string, documentNumber: string): Promise<string>;
  /** The holder bound to a document hash (an account's person or a dependent), if any. */
  holderByDocument(documentHash: string): Promise<string | undefined>;
  readStatus(holderId: string): Promise<LiveStatus | undefined>;
  /** The rules' colour for a document no holder is bound to: its authority records alone. */
  colourOfDocument(documentHash: string, now: Date): Promise<Color>;
  holderRef(documentHash: string): Promise<string>;
  /** At or above this temperature (°C) is a fever; from the active ruleset. */
  feverTemperature(): Promise<number>;
  lookupsPerMinute?: number;
}

/**
 * A check at the gate for someone without a code (the elderly, children).
 * 1. The checkpoint must be in the inspector's token (403), and the inspector under the lookup limit
 *    (30 a minute, 429): a document number is a key to a colour, so this is the harvestable route.
 * 2. Hash the document (the identity check ran in the request schema) and look the holder up.
 * 3. Registered (an account's person or a dependent): the live colour decides; a fever stops even a
 *    green holder, since the inspector has just measured it.
 * 4. No holder (never registered, or the account was deleted): the authority records filed under the
 *    document decide, through the same engine, so a listed close contact without a phone is stopped;
 *    otherwise pass only with a credential (the schema requires one) and no fever (37.3 in ruleset v1).
 *    A stop says nothing about why: the inspector sees no colour and no reason.
 * 5. Log the check like a scan (kind `manual`), then answer with the masked holder only.
 */
export async function manualCheck(
  ports: ManualCheckPorts,
  inspector: { id: string; checkpoints?: readonly string[] },
  request: ManualCheckRequest,
  now: Date,
): Promise<ManualCheckResponse> {
  assertCheckpoint(inspector.checkpoints, request.checkpointId);
  await enforceRate(ports.rateLimiter, `lookup:${inspector.id}`, ports.lookupsPerMinute ?? LOOKUPS_PER_MINUTE, now);
  const documentHash = await ports.documentHash(request.documentType, request.documentNumber);
  const [holderId, feverAt] = await Promise.all([ports.holderByDocument(documentHash), ports.feverTemperature()]);
  const status = holderId === undefined ? undefined : await ports.readStatus(holderId);
  const fever = request.temperature >= feverAt;

  let outcome: Outcome;
  let reason: string | undefined;
  if (status) {
    outcome = passes(status.color) && !fever ? 'pass' : 'stop';
    reason = fever ? 'fever' : undefined;
  } else {
    const listed = !passes(await ports.colourOfDocument(documentHash, now));
    outcome = fever || listed ? 'stop' : 'pass';
    reason = fever ? 'fever' : listed ? undefined : 'unregistered';
  }

  return recordCheck(ports, {
    inspectorId: inspector.id,
    checkpointId: request.checkpointId,
    kind: 'manual',
    outcome,
    at: now,
    reason,
    live: status,
    holderRefOf: status?.documentHash ?? documentHash,
  });
}
