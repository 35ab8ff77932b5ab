/** Local stage only: the built console at /console (on AWS: S3 + CloudFront, serverless.ts). */
export const devConsole = {
  handler: 'functions/http/console-static/handler.handler',
  events: [{ httpApi: { method: 'GET', path: '/console' } }, { httpApi: { method: 'GET', path: '/console/{proxy+}' } }],
};
