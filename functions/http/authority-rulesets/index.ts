/** serverless.ts slice: PUT /v1/authority/rulesets/{version} (authority role; IAM on AWS). */
export const authorityRulesets = {
  handler: 'functions/http/authority-rulesets/handler.handler',
  timeout: 29,
  events: [{ httpApi: { method: 'PUT', path: '/v1/authority/rulesets/{version}' } }],
};
