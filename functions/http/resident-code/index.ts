/** serverless.ts slice: GET a fresh code, of oneself or a dependent. No write per refresh. */
export const residentCode = {
  handler: 'functions/http/resident-code/handler.handler',
  events: [
    { httpApi: { method: 'GET', path: '/v1/resident/code' } },
    { httpApi: { method: 'GET', path: '/v1/resident/dependents/{id}/code' } },
  ],
};
