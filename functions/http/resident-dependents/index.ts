/** serverless.ts slices: add, list and remove dependents, and their identity verification. */
export const residentDependentsAdd = {
  handler: 'functions/http/resident-dependents/handler.add',
  events: [{ httpApi: { method: 'POST', path: '/v1/resident/dependents' } }],
};

export const residentDependentsList = {
  handler: 'functions/http/resident-dependents/list.list',
  events: [{ httpApi: { method: 'GET', path: '/v1/resident/dependents' } }],
};

export const residentDependentsRemove = {
  handler: 'functions/http/resident-dependents/list.remove',
  events: [{ httpApi: { method: 'DELETE', path: '/v1/resident/dependents/{id}' } }],
};

export const residentDependentsVerify = {
  handler: 'functions/http/resident-dependents/handler.verify',
  events: [{ httpApi: { method: 'POST', path: '/v1/resident/dependents/{id}/verification' } }],
};

export const residentDependentsVerified = {
  handler: 'functions/http/resident-dependents/handler.complete',
  events: [{ httpApi: { method: 'POST', path: '/v1/resident/dependents/{id}/verification/result' } }],
};
