/** serverless.ts slice: POST /v1/resident/identity-verifications (支付宝身份验证 of a typed identity). */
export const residentIdentityVerifications = {
  handler: 'functions/http/resident-identity-verifications/handler.handler',
  events: [{ httpApi: { method: 'POST', path: '/v1/resident/identity-verifications' } }],
};
