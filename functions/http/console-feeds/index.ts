/** serverless.ts slices: the console's feed proposals (two people) and the decision log; role `official`. */
const fn = (name: string, method: string, path: string, extra: Record<string, unknown> = {}) => ({
  handler: `functions/http/console-feeds/handler.${name}`,
  ...extra,
  events: [{ httpApi: { method, path } }],
});

// Previews and proposals evaluate every named resident (up to 2,000) before answering.
export const consoleFeedPreview = fn('preview', 'POST', '/v1/console/feed-previews', { memorySize: 1024, timeout: 29 });
export const consoleFeedPropose = fn('propose', 'POST', '/v1/console/feed-proposals', { memorySize: 1024, timeout: 29 });
export const consoleFeedList = fn('list', 'GET', '/v1/console/feed-proposals');
export const consoleFeedGet = fn('get', 'GET', '/v1/console/feed-proposals/{id}');
export const consoleFeedDecide = fn('decide', 'POST', '/v1/console/feed-proposals/{id}/decision', { memorySize: 1024, timeout: 29 });
export const consoleAudit = fn('audit', 'GET', '/v1/console/audit');
