import type { StageConfig } from './types';

/**
 * Production: real Alipay sign-in only. Replace the placeholder with the production API domain
 * (also listed as a legal request domain in the Alipay open platform console), or pass `--api-url`.
 */
export const prodConfig: StageConfig = {
  stage: 'prod',
  apiBaseUrl: 'https://prod-api.invalid',
  sandboxSignIn: false,
};
