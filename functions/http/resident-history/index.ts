/** serverless.ts slice: GET the colour history, newest first, of oneself or a dependent. */
export const residentHistory = {
  handler: 'functions/http/resident-history/handler.handler',
  events: [
    { httpApi: { method: 'GET', path: '/v1/resident/history' } },
    { httpApi: { method: 'GET', path: '/v1/resident/dependents/{id}/history' } },
  ],
};
