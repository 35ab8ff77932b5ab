/** serverless.ts slice: DynamoDB fault injection for `npm run reliability`, local stage only. */
export const devFaultsSet = {
  handler: 'functions/http/dev-faults/handler.set',
  events: [{ httpApi: { method: 'POST', path: '/v1/dev/faults' } }],
};

export const devFaultsReset = {
  handler: 'functions/http/dev-faults/handler.reset',
  events: [{ httpApi: { method: 'DELETE', path: '/v1/dev/faults' } }],
};
