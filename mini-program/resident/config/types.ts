/** What differs between the stages the mini-program is built for (`npm run build:mini -- --stage …`). */
export interface StageConfig {
  stage: 'local' | 'review' | 'prod';
  /** Origin of the HTTP API, without a trailing slash. */
  apiBaseUrl: string;
  /**
   * Sign in through the backend's sandbox provider (`{ provider: 'sandbox', subject }`) instead of
   * Alipay. The backend accepts that only on the local and review stages.
   */
  sandboxSignIn: boolean;
}
