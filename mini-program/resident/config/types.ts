import type { BaseStageConfig } from '../../common/stage';

/** What differs between the stages the resident app is built for: only what every app has. */
export type StageConfig = BaseStageConfig;
