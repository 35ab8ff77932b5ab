/** serverless.ts slices: ruleset roll-out with a dry run and two people (role `official`). */
const fn = (name: string, method: string, path: string, extra: Record<string, unknown> = {}) => ({
  handler: `functions/http/console-rulesets/handler.${name}`,
  ...extra,
  events: [{ httpApi: { method, path } }],
});

// A dry run evaluates up to 200 sampled residents; an approval may activate at once.
export const consoleRulesetDryRun = fn('dryRun', 'POST', '/v1/console/rulesets/dry-runs', { memorySize: 1024, timeout: 29 });
export const consoleRulesetPropose = fn('propose', 'POST', '/v1/console/rulesets/proposals', { memorySize: 1024, timeout: 29 });
export const consoleRulesetList = fn('list', 'GET', '/v1/console/rulesets/proposals');
export const consoleRulesetGet = fn('get', 'GET', '/v1/console/rulesets/proposals/{id}', { memorySize: 1024, timeout: 29 });
export const consoleRulesetDecide = fn('decide', 'POST', '/v1/console/rulesets/proposals/{id}/decision', { timeout: 29 });
