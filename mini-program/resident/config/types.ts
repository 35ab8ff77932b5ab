import type { BaseStageConfig } from '../../stage';

/** What differs between the stages the resident app is built for: only what every app has. */
export type StageConfig = BaseStageConfig;
