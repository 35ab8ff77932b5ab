/** serverless.ts slice: POST /v1/console/sessions (public: officials' sign-in, DingTalk web login or sandbox). */
export const consoleSessions = {
  handler: 'functions/http/console-sessions/handler.handler',
  events: [{ httpApi: { method: 'POST', path: '/v1/console/sessions' } }],
};
