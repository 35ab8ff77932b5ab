/** serverless.ts slice: POST /v1/inspector/dependent-confirmations, a dependent confirmed in person at a service point. */
export const inspectorDependentConfirmations = {
  handler: 'functions/http/inspector-dependent-confirmations/handler.handler',
  events: [{ httpApi: { method: 'POST', path: '/v1/inspector/dependent-confirmations' } }],
};
