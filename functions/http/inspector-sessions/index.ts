/** serverless.ts slice: POST /v1/inspector/sessions (DingTalk or sandbox sign-in). */
export const inspectorSessions = {
  handler: 'functions/http/inspector-sessions/handler.handler',
  events: [{ httpApi: { method: 'POST', path: '/v1/inspector/sessions' } }],
};
