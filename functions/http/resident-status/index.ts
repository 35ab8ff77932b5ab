/** serverless.ts slice: GET the live status, of oneself or a dependent. */
export const residentStatus = {
  handler: 'functions/http/resident-status/handler.handler',
  events: [
    { httpApi: { method: 'GET', path: '/v1/resident/status' } },
    { httpApi: { method: 'GET', path: '/v1/resident/dependents/{id}/status' } },
  ],
};
