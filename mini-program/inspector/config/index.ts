/** The configuration of the stage this bundle was built for (see ../../stage.ts). */
import { selectStage, type MiniStage } from '../../common/stage';
import { localConfig } from './local';
import { prodConfig } from './prod';
import { reviewConfig } from './review';
import type { StageConfig } from './types';

declare const __MINI_STAGE__: MiniStage;
declare const __MINI_API_URL__: string;

export const stageConfig: StageConfig = selectStage({ local: localConfig, review: reviewConfig, prod: prodConfig }, __MINI_STAGE__, __MINI_API_URL__);

export type { StageConfig };
