/** Where "申领/出示健康码" leads, from what the phone knows. Pure. */

export interface FlowState {
  consented: boolean;
  signedIn: boolean;
  registered: boolean;
}

export const PAGES = {
  home: '/pages/home/index',
  consent: '/pages/consent/index',
  privacy: '/pages/privacy/index',
  agreement: '/pages/agreement/index',
  authorise: '/pages/authorise/index',
  declaration: '/pages/declaration/index',
  code: '/pages/code/index',
  status: '/pages/status/index',
  corrections: '/pages/corrections/index',
  checkin: '/pages/checkin/index',
  history: '/pages/history/index',
  family: '/pages/family/index',
  account: '/pages/account/index',
} as const;

/**
 * The next page for the main entry: consent first, then sign-in and the real-name profile, then the
 * code (whose page sends a resident without a declaration on to the declaration).
 */
export function nextStep(state: FlowState): string {
  if (!state.consented) return PAGES.consent;
  if (!state.signedIn || !state.registered) return PAGES.authorise;
  return PAGES.code;
}

/**
 * The consent version this build asks for; a newer policy asks again. Only the phone keeps the
 * consent (the API does not check it), so bumping it asks every resident again on their next open.
 */
export const CONSENT_VERSION = '2026-12-03';

export interface StoredConsent {
  version: string;
  at: string;
}

export function hasConsented(stored: StoredConsent | undefined): boolean {
  return stored?.version === CONSENT_VERSION;
}
