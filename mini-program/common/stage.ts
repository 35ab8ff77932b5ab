/**
 * Stage selection shared by both mini-programs. Each app lists its three stage files in
 * `config/index.ts`; `npm run build:mini` (and the test harness) replace `__MINI_STAGE__` and
 * `__MINI_API_URL__` at bundle time, and an empty API URL keeps the stage file's own.
 */

/** The stages a mini-program is built for (`npm run build:mini -- --stage …`). */
export type MiniStage = 'local' | 'review' | 'prod';

/** What every stage file of either app has. */
export interface BaseStageConfig {
  stage: MiniStage;
  /** Origin of the HTTP API, without a trailing slash. */
  apiBaseUrl: string;
  /**
   * Sign in through the backend's sandbox provider (`{ provider: 'sandbox', subject }`) instead of
   * Alipay or DingTalk. The backend accepts that only on the local and review stages.
   */
  sandboxSignIn: boolean;
}

/** The stage's configuration, with the API origin given on the build command line when there is one. */
export function selectStage<C extends BaseStageConfig>(stages: Readonly<Record<MiniStage, C>>, stage: MiniStage, apiUrlOverride: string): C {
  const base = stages[stage];
  return apiUrlOverride ? { ...base, apiBaseUrl: apiUrlOverride.replace(/\/+$/, '') } : base;
}
