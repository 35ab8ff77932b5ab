/** serverless.ts slice: PUT /v1/authority/risk-areas (authority role; IAM on AWS). */
export const authorityRiskAreas = {
  handler: 'functions/http/authority-risk-areas/handler.handler',
  timeout: 29,
  events: [{ httpApi: { method: 'PUT', path: '/v1/authority/risk-areas' } }],
};
