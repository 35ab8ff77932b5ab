/** serverless.ts slice: GET /v1/health, public. */
export const health = {
  handler: 'functions/http/health/handler.handler',
  memorySize: 256,
  events: [{ httpApi: { method: 'GET', path: '/v1/health' } }],
};
