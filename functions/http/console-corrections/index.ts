/** serverless.ts slices: the corrections queue and its two-person decision from the console (role `official`). */
export const consoleCorrectionsList = {
  handler: 'functions/http/console-corrections/handler.list',
  events: [{ httpApi: { method: 'GET', path: '/v1/console/corrections' } }],
};

export const consoleCorrectionsDecide = {
  handler: 'functions/http/console-corrections/handler.decide',
  events: [{ httpApi: { method: 'POST', path: '/v1/console/corrections/{id}/decision' } }],
};
