/** serverless.ts slice: POST /v1/resident/sandbox-certify/{certifyId}, the sandbox's stand-in for Alipay's face step. */
export const residentSandboxCertify = {
  handler: 'functions/http/resident-sandbox-certify/handler.handler',
  events: [{ httpApi: { method: 'POST', path: '/v1/resident/sandbox-certify/{certifyId}' } }],
};
