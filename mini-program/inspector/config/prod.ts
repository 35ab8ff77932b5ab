import type { StageConfig } from './types';

/**
 * Production: DingTalk sign-in only. Replace the placeholders with the production API domain (also a
 * legal request domain in the DingTalk developer console) and the city's corpId.
 */
export const prodConfig: StageConfig = {
  stage: 'prod',
  apiBaseUrl: 'https://prod-api.invalid',
  sandboxSignIn: false,
  corpId: 'prod-corp.invalid',
  verifyTimeoutMs: 2000,
};
