/** serverless.ts slice: POST /v1/resident/sessions (sandbox or Alipay sign-in). */
export const residentSessions = {
  handler: 'functions/http/resident-sessions/handler.handler',
  events: [{ httpApi: { method: 'POST', path: '/v1/resident/sessions' } }],
};
