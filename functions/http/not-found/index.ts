/** serverless.ts slice: every route no other function claims gets a problem+json 404. */
export const notFound = {
  handler: 'functions/http/not-found/handler.handler',
  memorySize: 128,
  events: [{ httpApi: '*' as const }],
};
