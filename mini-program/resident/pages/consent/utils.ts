/** The consent page: the summary, and the stored proof of agreement. Pure. */
import { CONSENT_VERSION, type StoredConsent } from '../../lib/flow';
import { CONSENT_SUMMARY } from '../../lib/legal';

export function consentView() {
  return { summary: CONSENT_SUMMARY.slice(), agreed: false, canContinue: false };
}

/** What is stored when the resident agrees: the policy version and when. */
export function consentRecord(now: Date): StoredConsent {
  return { version: CONSENT_VERSION, at: now.toISOString() };
}
