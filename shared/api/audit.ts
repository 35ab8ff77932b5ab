/**
 * Bodies of the authority audit routes (role `authority`): verifying one resident's colour history.
 */
import * as z from 'zod';
import { documentNumber, documentType } from './fields';

// ---- POST /v1/authority/audit/verify-chain ----

/** Which resident's history to verify, by their document (looked up by keyed hash, never stored). */
export const verifyChainRequest = z.strictObject({ documentType, documentNumber });
export type VerifyChainRequest = z.infer<typeof verifyChainRequest>;

export const verifyChainResponse = z.strictObject({
  /** True when every entry links to the previous one, every hash matches, and the head on the status matches. */
  intact: z.boolean(),
  /** Number of history entries checked. */
  entries: z.number().int().min(0),
  /** Sequence number of the first entry that breaks the chain. */
  brokenAt: z.number().int().min(0).optional(),
  /** A plain Chinese summary. */
  detail: z.string().max(200),
});
export type VerifyChainResponse = z.infer<typeof verifyChainResponse>;
