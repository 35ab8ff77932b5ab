/** serverless.ts slices: the dashboard's aggregate routes (role official/viewer): counters, never a table scan. */
const fn = (name: string, path: string) => ({ handler: `functions/http/console-stats/handler.${name}`, events: [{ httpApi: { method: 'GET', path } }] });

export const consoleColourStats = fn('colours', '/v1/console/stats/colours');
export const consoleCountyStats = fn('counties', '/v1/console/stats/counties');
export const consoleScanStats = fn('scans', '/v1/console/stats/scans');
export const consoleFeedStats = fn('feeds', '/v1/console/stats/feeds');
