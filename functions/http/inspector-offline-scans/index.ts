/** serverless.ts slice: POST /v1/inspector/offline-scans, scans verified on the device during an outage. */
export const inspectorOfflineScans = {
  handler: 'functions/http/inspector-offline-scans/handler.handler',
  events: [{ httpApi: { method: 'POST', path: '/v1/inspector/offline-scans' } }],
};
