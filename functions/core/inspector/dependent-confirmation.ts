/**
 * A dependent who cannot pass face verification (an infant, some of the very old) is confirmed in
 * person: the manager brings them and their physical document to a community service point, and an
 * inspector authorised there checks the document against the confirmation code the manager's phone
 * shows. The binding records who confirmed it, where and when.
 */
import type { DependentConfirmationRequest, DependentConfirmationResponse } from '../../../shared/api/inspector';
import { confirmDependentInPerson, type ResidentPorts } from '../resident';
import { assertCheckpoint, enforceRate, LOOKUPS_PER_MINUTE } from './guard';
import type { RateLimiter } from './ports';
import type { Log } from '../ports';

/**
 * 1. the checkpoint must be in the inspector's token (403); the lookup limit applies (429 with
 *    Retry-After), so confirmation codes cannot be guessed in bulk;
 * 2. the code and the document number read from the document must match the pending dependent
 *    exactly (else one Chinese 422 for every mismatch);
 * 3. bind the dependent, recording the inspector and the checkpoint; log it pseudonymously.
 */
export async function confirmDependentAtServicePoint(
  residents: ResidentPorts,
  ports: { rateLimiter: RateLimiter; log: Log },
  inspector: { id: string; checkpoints?: readonly string[] },
  request: DependentConfirmationRequest,
  now: Date,
): Promise<DependentConfirmationResponse> {
  assertCheckpoint(inspector.checkpoints, request.checkpointId);
  await enforceRate(ports.rateLimiter, `lookup:${inspector.id}`, LOOKUPS_PER_MINUTE, now);
  const result = await confirmDependentInPerson(residents, request.confirmationCode, request.documentType, request.documentNumber, { inspectorId: inspector.id, checkpointId: request.checkpointId }, now);
  ports.log.info('dependent confirmed in person', { inspectorId: inspector.id, checkpointId: request.checkpointId, at: now.toISOString() });
  return result;
}
