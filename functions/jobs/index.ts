/**
 * serverless.ts slices of the job functions (AWS): the three schedules and the work-queue consumer.
 * The queue, its dead-letter queue and the alarms are resources in serverless.ts.
 */
export const jobAutoConvert = {
  handler: 'functions/jobs/scheduled.autoConvert',
  timeout: 60,
  events: [{ schedule: { rate: ['rate(5 minutes)'], enabled: true } }],
};

export const jobRulesetActivation = {
  handler: 'functions/jobs/scheduled.rulesetActivation',
  timeout: 60,
  events: [{ schedule: { rate: ['rate(5 minutes)'], enabled: true } }],
};

export const jobAuditSample = {
  handler: 'functions/jobs/scheduled.auditSample',
  timeout: 300,
  events: [{ schedule: { rate: ['rate(1 hour)'], enabled: true } }],
};

export const jobWorker = {
  handler: 'functions/jobs/worker.handler',
  // Visibility timeout of the queue (serverless.ts) is six times this, as AWS recommends.
  timeout: 120,
  reservedConcurrency: 50,
  events: [{ sqs: { arn: { 'Fn::GetAtt': ['WorkQueue', 'Arn'] }, batchSize: 5, functionResponseType: 'ReportBatchItemFailures' } }],
};
