/** serverless.ts slice: the settable clock, local stage only. */
export const devClockSet = {
  handler: 'functions/http/dev-clock/handler.set',
  events: [{ httpApi: { method: 'POST', path: '/v1/dev/clock' } }],
};

export const devClockReset = {
  handler: 'functions/http/dev-clock/handler.reset',
  events: [{ httpApi: { method: 'DELETE', path: '/v1/dev/clock' } }],
};
