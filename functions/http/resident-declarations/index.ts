/** serverless.ts slice: POST a health declaration, for oneself or a dependent. */
export const residentDeclarations = {
  handler: 'functions/http/resident-declarations/handler.handler',
  events: [
    { httpApi: { method: 'POST', path: '/v1/resident/declarations' } },
    { httpApi: { method: 'POST', path: '/v1/resident/dependents/{id}/declarations' } },
  ],
};
