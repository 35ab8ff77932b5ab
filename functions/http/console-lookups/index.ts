/** serverless.ts slice: POST /v1/console/person-lookups (role official/viewer; logged, rate-limited, masked answer). */
export const consolePersonLookup = {
  handler: 'functions/http/console-lookups/handler.lookup',
  events: [{ httpApi: { method: 'POST', path: '/v1/console/person-lookups' } }],
};
