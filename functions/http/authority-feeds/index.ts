/** serverless.ts slice: POST /v1/authority/feeds (authority role; IAM on AWS). */
export const authorityFeeds = {
  handler: 'functions/http/authority-feeds/handler.handler',
  // A 10,000-record feed is validated, hashed and fanned out here; the work itself runs on the queue.
  memorySize: 1024,
  timeout: 29,
  events: [{ httpApi: { method: 'POST', path: '/v1/authority/feeds' } }],
};
