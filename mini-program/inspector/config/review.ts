import type { StageConfig } from './types';

/**
 * The review backend (`npx osls deploy --stage review`) used with sandbox test accounts. Replace the
 * placeholders with the deployed HTTP API URL and the reviewing corp, or pass `--api-url` to
 * `npm run build:mini -- --app inspector --stage review`.
 */
export const reviewConfig: StageConfig = {
  stage: 'review',
  apiBaseUrl: 'https://review-api.invalid',
  sandboxSignIn: true,
  corpId: 'review-corp.invalid',
  verifyTimeoutMs: 2000,
};
