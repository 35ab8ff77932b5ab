/** serverless.ts slice: GET /v1/authority/checkpoints/{id}/stats?day=YYYY-MM-DD (authority role). */
export const authorityCheckpointStats = {
  handler: 'functions/http/authority-checkpoint-stats/handler.handler',
  events: [{ httpApi: { method: 'GET', path: '/v1/authority/checkpoints/{id}/stats' } }],
};
