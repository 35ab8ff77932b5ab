/** serverless.ts slice: GET /v1/inspector/scans, the inspector's own recent scans. */
export const inspectorScans = {
  handler: 'functions/http/inspector-scans/handler.handler',
  events: [{ httpApi: { method: 'GET', path: '/v1/inspector/scans' } }],
};
