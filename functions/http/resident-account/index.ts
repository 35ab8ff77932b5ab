/** serverless.ts slice: DELETE /v1/resident/account (注销: erases the personal data). */
export const residentAccountDelete = {
  handler: 'functions/http/resident-account/handler.handler',
  events: [{ httpApi: { method: 'DELETE', path: '/v1/resident/account' } }],
};
