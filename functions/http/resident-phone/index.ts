/** serverless.ts slice: POST /v1/resident/phone (opens a my.getPhoneNumber envelope for the profile form). */
export const residentPhone = {
  handler: 'functions/http/resident-phone/handler.handler',
  events: [{ httpApi: { method: 'POST', path: '/v1/resident/phone' } }],
};
