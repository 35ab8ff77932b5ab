/** serverless.ts slice: POST /v1/dev/jobs/{name}, runs a scheduled job now (local stage only). */
export const devJobs = {
  handler: 'functions/http/dev-jobs/handler.handler',
  timeout: 29,
  events: [{ httpApi: { method: 'POST', path: '/v1/dev/jobs/{name}' } }],
};
