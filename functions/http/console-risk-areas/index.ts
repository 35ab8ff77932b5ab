/** serverless.ts slices: risk-area level changes with two people (role `official`). */
const fn = (name: string, method: string, path: string, extra: Record<string, unknown> = {}) => ({
  handler: `functions/http/console-risk-areas/handler.${name}`,
  ...extra,
  events: [{ httpApi: { method, path } }],
});

// The impact queries the RegionStay index of every county the area covers; an approval also re-evaluates.
export const consoleRiskAreaPreview = fn('preview', 'POST', '/v1/console/risk-areas/previews', { timeout: 29 });
export const consoleRiskAreaPropose = fn('propose', 'POST', '/v1/console/risk-areas/proposals', { timeout: 29 });
export const consoleRiskAreaList = fn('list', 'GET', '/v1/console/risk-areas/proposals');
export const consoleRiskAreaGet = fn('get', 'GET', '/v1/console/risk-areas/proposals/{id}', { timeout: 29 });
export const consoleRiskAreaDecide = fn('decide', 'POST', '/v1/console/risk-areas/proposals/{id}/decision', { timeout: 29 });
