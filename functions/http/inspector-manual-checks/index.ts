/** serverless.ts slice: POST /v1/inspector/manual-checks, the check without a code. */
export const inspectorManualChecks = {
  handler: 'functions/http/inspector-manual-checks/handler.handler',
  events: [{ httpApi: { method: 'POST', path: '/v1/inspector/manual-checks' } }],
};
