/** serverless.ts slices: add and list dependents. */
export const residentDependentsAdd = {
  handler: 'functions/http/resident-dependents/handler.add',
  events: [{ httpApi: { method: 'POST', path: '/v1/resident/dependents' } }],
};

export const residentDependentsList = {
  handler: 'functions/http/resident-dependents/handler.list',
  events: [{ httpApi: { method: 'GET', path: '/v1/resident/dependents' } }],
};
