/**
 * serverless.ts slices of the job functions: the four schedules and the work-queue consumer (AWS),
 * and the stream consumer that builds the checkpoint statistics (every stage).
 * The queue, its dead-letter queue and the alarms are resources in serverless.ts.
 */

/** Only new scan items reach the statistics function (an event-source mapping filter). */
export const SCAN_INSERT_FILTER = { eventName: ['INSERT'], dynamodb: { Keys: { SK: { S: [{ prefix: 'SCAN#' }] } } } };
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

/** Finishes any account deletion (注销) cut short (functions/core/resident/deletion.ts `sweepDeletions`). */
export const jobDeletionSweep = {
  handler: 'functions/jobs/scheduled.deletionSweep',
  timeout: 300,
  events: [{ schedule: { rate: ['rate(15 minutes)'], enabled: true } }],
};

export const jobWorker = {
  handler: 'functions/jobs/worker.handler',
  // Visibility timeout of the queue (serverless.ts) is six times this, as AWS recommends.
  timeout: 120,
  reservedConcurrency: 50,
  events: [{ sqs: { arn: { 'Fn::GetAtt': ['WorkQueue', 'Arn'] }, batchSize: 5, functionResponseType: 'ReportBatchItemFailures' } }],
};

/**
 * The checkpoint statistics from the table's stream (every stage; locally through
 * serverless-offline-dynamodb-streams). Up to 1,000 new scan items per call, gathered for up to
 * 5 s on AWS: the hourly figures lag by seconds, and the verify path writes no counter at all.
 */
export const jobScanStats = streamConsumer('functions/jobs/scan-stats.handler', SCAN_INSERT_FILTER);

/** A consumer of the table's stream: up to 1,000 matching records per call, gathered for up to 5 s. */
function streamConsumer(handler: string, ...filters: object[]) {
  return {
    handler,
    timeout: 30,
    events: [
      {
        stream: {
          type: 'dynamodb',
          arn: { 'Fn::GetAtt': ['HealthCodeTable', 'StreamArn'] },
          startingPosition: 'TRIM_HORIZON',
          batchSize: 1000,
          batchWindow: 5,
          maximumRetryAttempts: 10,
          filterPatterns: filters,
        },
      },
    ],
  };
}

/** Only status items reach the colour counters. */
export const STATUS_FILTER = { dynamodb: { Keys: { SK: { S: ['STATUS'] } } } };

/** The console dashboard's colour counters from the table's stream (every stage). */
export const jobColourStats = streamConsumer('functions/jobs/colour-stats.handler', STATUS_FILTER);

/** Completed feed receipts and new colour-history entries reach the feed counters. */
export const FEED_FILTERS = [{ dynamodb: { Keys: { SK: { S: ['FEED'] } } } }, { eventName: ['INSERT'], dynamodb: { Keys: { SK: { S: [{ prefix: 'HIST#' }] } } } }];

/** The console dashboard's feeds and their effects from the table's stream (every stage). */
export const jobFeedStats = streamConsumer('functions/jobs/feed-stats.handler', ...FEED_FILTERS);
