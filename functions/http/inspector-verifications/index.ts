/** serverless.ts slice: POST /v1/inspector/verifications, scan-to-verify (the hot path). */
export const inspectorVerifications = {
  handler: 'functions/http/inspector-verifications/handler.handler',
  events: [{ httpApi: { method: 'POST', path: '/v1/inspector/verifications' } }],
};
