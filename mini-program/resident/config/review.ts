import type { StageConfig } from './types';

/**
 * The review backend (`npx osls deploy --stage review`) that app-store reviewers use with test
 * accounts. Replace the placeholder with the deployed HTTP API URL, or pass `--api-url` to
 * `npm run build:mini -- --stage review`; the build refuses to ship the placeholder.
 */
export const reviewConfig: StageConfig = {
  stage: 'review',
  apiBaseUrl: 'https://review-api.invalid',
  sandboxSignIn: true,
};
