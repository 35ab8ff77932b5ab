/** What differs between the stages the inspector app is built for (`npm run build:mini -- --stage …`). */
export interface StageConfig {
  stage: 'local' | 'review' | 'prod';
  /** Origin of the HTTP API, without a trailing slash. */
  apiBaseUrl: string;
  /**
   * Sign in through the backend's sandbox provider (`{ provider: 'sandbox', subject }`) instead of
   * DingTalk. The backend accepts that only on the local and review stages.
   */
  sandboxSignIn: boolean;
  /** The DingTalk organisation (corpId) whose members sign in; `dd.getAuthCode` needs it. */
  corpId: string;
  /** How long a verification may take before the app verifies offline instead. */
  verifyTimeoutMs: number;
}
