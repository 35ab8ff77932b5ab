/** serverless.ts slices: the corrections queue and its two-person decision (authority role; IAM on AWS). */
export const authorityCorrectionsList = {
  handler: 'functions/http/authority-corrections/handler.list',
  events: [{ httpApi: { method: 'GET', path: '/v1/authority/corrections' } }],
};

export const authorityCorrectionsDecide = {
  handler: 'functions/http/authority-corrections/handler.decide',
  events: [{ httpApi: { method: 'POST', path: '/v1/authority/corrections/{id}/decision' } }],
};
