/** serverless.ts slices: file a correction (纠错) and list one's corrections, for oneself or a dependent. */
export const residentCorrectionsFile = {
  handler: 'functions/http/resident-corrections/handler.file',
  events: [
    { httpApi: { method: 'POST', path: '/v1/resident/corrections' } },
    { httpApi: { method: 'POST', path: '/v1/resident/dependents/{id}/corrections' } },
  ],
};

export const residentCorrectionsList = {
  handler: 'functions/http/resident-corrections/handler.list',
  events: [
    { httpApi: { method: 'GET', path: '/v1/resident/corrections' } },
    { httpApi: { method: 'GET', path: '/v1/resident/dependents/{id}/corrections' } },
  ],
};
