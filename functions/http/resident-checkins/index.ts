/** serverless.ts slice: POST today's check-in, for oneself or a dependent. */
export const residentCheckins = {
  handler: 'functions/http/resident-checkins/handler.handler',
  events: [
    { httpApi: { method: 'POST', path: '/v1/resident/checkins' } },
    { httpApi: { method: 'POST', path: '/v1/resident/dependents/{id}/checkins' } },
  ],
};
