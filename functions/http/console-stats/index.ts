/** serverless.ts slice: GET /v1/console/stats/colours (role official/viewer): counters, never a table scan. */
export const consoleColourStats = {
  handler: 'functions/http/console-stats/handler.colours',
  events: [{ httpApi: { method: 'GET', path: '/v1/console/stats/colours' } }],
};
