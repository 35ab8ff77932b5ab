/** serverless.ts slice: POST /v1/resident/profile (real-name registration). */
export const residentProfile = {
  handler: 'functions/http/resident-profile/handler.handler',
  events: [{ httpApi: { method: 'POST', path: '/v1/resident/profile' } }],
};
