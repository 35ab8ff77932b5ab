/** serverless.ts slices: the console's read-only views (role official/viewer): risk areas in force, checkpoint counters, ruleset versions. */
export const consoleRiskAreas = {
  handler: 'functions/http/console-watch/handler.riskAreas',
  events: [{ httpApi: { method: 'GET', path: '/v1/console/risk-areas' } }],
};

export const consoleCheckpointStats = {
  handler: 'functions/http/console-watch/handler.checkpointStats',
  events: [{ httpApi: { method: 'GET', path: '/v1/console/checkpoints/{id}/stats' } }],
};

export const consoleRulesets = {
  handler: 'functions/http/console-watch/handler.rulesets',
  events: [{ httpApi: { method: 'GET', path: '/v1/console/rulesets' } }],
};
