/**
 * The configuration of the stage this bundle was built for. `npm run build:mini` (and the test
 * harness) replace `__MINI_STAGE__` and `__MINI_API_URL__` at bundle time; an empty API URL keeps the
 * stage file's own.
 */
import { localConfig } from './local';
import { prodConfig } from './prod';
import { reviewConfig } from './review';
import type { StageConfig } from './types';

declare const __MINI_STAGE__: StageConfig['stage'];
declare const __MINI_API_URL__: string;

const STAGES: Readonly<Record<StageConfig['stage'], StageConfig>> = {
  local: localConfig,
  review: reviewConfig,
  prod: prodConfig,
};

/** The stage's configuration with an optional API origin from the build command line. */
export function stageConfigFor(stage: StageConfig['stage'], apiUrlOverride: string): StageConfig {
  const base = STAGES[stage];
  return apiUrlOverride ? { ...base, apiBaseUrl: apiUrlOverride.replace(/\/+$/, '') } : base;
}

export const stageConfig: StageConfig = stageConfigFor(__MINI_STAGE__, __MINI_API_URL__);

export type { StageConfig };
