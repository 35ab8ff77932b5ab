/** serverless.ts slice: POST /v1/authority/audit/verify-chain (authority role; IAM on AWS). */
export const authorityAuditVerifyChain = {
  handler: 'functions/http/authority-audit/handler.verifyChain',
  events: [{ httpApi: { method: 'POST', path: '/v1/authority/audit/verify-chain' } }],
};
