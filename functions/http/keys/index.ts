/** serverless.ts slice: GET /v1/keys, public and cacheable (offline verification in the inspector app). */
export const publicKeys = {
  handler: 'functions/http/keys/handler.handler',
  memorySize: 256,
  events: [{ httpApi: { method: 'GET', path: '/v1/keys' } }],
};
