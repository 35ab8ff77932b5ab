import type { BaseStageConfig } from '../../common/stage';

/** What differs between the stages the inspector app is built for. */
export interface StageConfig extends BaseStageConfig {
  /** The DingTalk organisation (corpId) whose members sign in; `dd.getAuthCode` needs it. */
  corpId: string;
  /** How long a verification may take before the app verifies offline instead. */
  verifyTimeoutMs: number;
}
