/**
 * The AWS-only parts of serverless.ts: one IAM role per group of functions with the same needs, the
 * KMS key's alias, the stream's on-failure queue, the alarm topic, the API stage's throttling and
 * access logs, the custom domain and the policy for authority callers. serverless.ts merges these
 * into its resources; tests/deploy/template.test.ts checks them on the packaged prod template.
 */
import { indexes } from '../../functions/adapters/table';

export const SERVICE = 'lishui-health-code';

/** The KMS alias of a stage's key: `npm run secrets` finds the key by it before any output is read. */
export const dataKeyAlias = (stage: string) => `alias/${SERVICE}-${stage}`;

type Statement = { Effect: 'Allow'; Action: string[]; Resource: unknown[]; Condition?: unknown };

const tableArn = { 'Fn::GetAtt': ['HealthCodeTable', 'Arn'] };
const tableAndIndexes = [tableArn, ...Object.values(indexes).map((i) => ({ 'Fn::Join': ['/', [tableArn, 'index', i]] }))];

/** DynamoDB data-plane actions on this stage's table and its indexes; nothing else, no table management. */
const tableOnly = (...actions: string[]): Statement => ({ Effect: 'Allow', Action: actions.map((a) => `dynamodb:${a}`), Resource: tableAndIndexes });

/**
 * The table is encrypted with this stage's key, and DynamoDB uses it with the caller's permissions:
 * through DynamoDB only (kms:ViaService), reads decrypt, writes also encrypt.
 */
const tableKey = (write: boolean): Statement => ({
  Effect: 'Allow',
  Action: ['kms:Decrypt', 'kms:DescribeKey', ...(write ? ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'] : [])],
  Resource: [{ 'Fn::GetAtt': ['DataKey', 'Arn'] }],
  Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'dynamodb.${AWS::Region}.${AWS::URLSuffix}' } } },
});

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
/** Table actions and the key use they need. */
const table = (...actions: string[]): Statement[] => [tableOnly(...actions), tableKey(actions.some((a) => WRITES.has(a)))];

/** Reading the one secrets parameter, decrypting it and the wrapped field key with this stage's key. */
const secrets = (): Statement[] => [
  {
    Effect: 'Allow',
    Action: ['ssm:GetParameter'],
    // `${param:secretsParameter}` is filled in by osls (default /lishui-health-code/<stage>/secrets).
    Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${param:secretsParameter}' }],
  },
  { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [{ 'Fn::GetAtt': ['DataKey', 'Arn'] }] },
];

const sendWork: Statement = { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': ['WorkQueue', 'Arn'] }] };

/** What a transaction or write of the request path may touch (TransactWrite = Put, Update, Delete, ConditionCheck). */
const WRITE = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem', 'Query'];

/**
 * The role groups and what each may do. Groups, not one role each: functions of one group run the
 * same use cases over the same ports, so a role apiece would repeat the same lists 29 times.
 */
export function roleStatements(): Record<string, Statement[]> {
  return {
    // notFound: takes no credentials, reads nothing.
    Public: [],
    // health: one GetItem of a key that never holds data, the probe that proves the table answers.
    // (and the key use DynamoDB makes of it for the read; no secrets, no direct key use).
    Health: [
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem'],
        Resource: [tableArn],
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['HEALTH#PROBE'] } },
      },
      tableKey(false),
    ],
    // publicKeys: the key ring is derived from the signing seed, which lives in the secrets. No table.
    Keys: secrets(),
    Resident: [...table(...WRITE, 'BatchGetItem', 'BatchWriteItem'), ...secrets()],
    Inspector: [...table(...WRITE, 'BatchGetItem', 'BatchWriteItem'), ...secrets()],
    Authority: [...table(...WRITE, 'Scan', 'BatchGetItem', 'BatchWriteItem'), ...secrets(), sendWork],
    Jobs: [...table(...WRITE, 'Scan', 'BatchGetItem', 'BatchWriteItem'), ...secrets(), sendWork],
    Worker: [
      ...table(...WRITE, 'Scan', 'BatchGetItem', 'BatchWriteItem'),
      ...secrets(),
      sendWork,
      { Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: [{ 'Fn::GetAtt': ['WorkQueue', 'Arn'] }] },
    ],
    // The stream consumer: reads the stream, adds the hourly counts, parks a failed batch's position.
    StreamStats: [
      ...table('GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem', 'Query'),
      {
        Effect: 'Allow',
        Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        Resource: [{ 'Fn::GetAtt': ['HealthCodeTable', 'StreamArn'] }],
      },
      { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': ['StreamFailureQueue', 'Arn'] }] },
    ],
  };
}

/** The group of a function, by name. A function of no group fails the build: none gets a role by default. */
export function roleGroupOf(name: string): string {
  if (name === 'notFound') return 'Public';
  if (name === 'health') return 'Health';
  if (name === 'publicKeys') return 'Keys';
  if (name === 'jobScanStats' || name === 'jobColourStats' || name === 'jobFeedStats') return 'StreamStats';
  // The officials' console applies approved feeds through the authority use cases: the same needs.
  if (name.startsWith('console')) return 'Authority';
  if (name === 'jobWorker') return 'Worker';
  if (name.startsWith('job')) return 'Jobs';
  for (const group of ['resident', 'inspector', 'authority']) if (name.startsWith(group)) return group[0].toUpperCase() + group.slice(1);
  throw new Error(`serverless.ts: function ${name} belongs to no IAM role group (scripts/lib/aws-stack.ts)`);
}

export const roleLogicalId = (group: string) => `${group}Role`;

/** The IAM roles: each may write its functions' logs, and do what its group needs, nothing more. */
export function roleResources(stage: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [group, statements] of Object.entries(roleStatements())) {
    out[roleLogicalId(group)] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
        },
        Policies: [
          {
            PolicyName: `${SERVICE}-${stage}-${group.toLowerCase()}`,
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                  Resource: [{ 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${SERVICE}-${stage}-*:*` }],
                },
                ...statements,
              ],
            },
          },
        ],
      },
    };
  }
  return out;
}

/** A failed stream batch is halved until the bad record is alone, and its position goes to a queue. */
export const STREAM_FAILURE_HANDLING = {
  bisectBatchOnFunctionError: true,
  // Older records are of no use to hourly statistics; a day keeps a long outage recoverable.
  maximumRecordAgeInSeconds: 86400,
  destinations: { onFailure: { arn: { 'Fn::GetAtt': ['StreamFailureQueue', 'Arn'] }, type: 'sqs' } },
};

/** Access-log fields: ids, route, status, sizes, timings. No source IP, user agent, path parameters or query. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  time: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  error: '$context.error.messageString',
});

/** Steady-state and burst limits of the whole API stage: a flood answers 429 before it reaches the table. */
export const STAGE_THROTTLING = { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 };

/** Resources on AWS stages besides the table, the key and the work queue. */
export function awsResources(stage: string): Record<string, unknown> {
  return {
    ...roleResources(stage),
    DataKeyAlias: { Type: 'AWS::KMS::Alias', Properties: { AliasName: dataKeyAlias(stage), TargetKeyId: { Ref: 'DataKey' } } },
    StreamFailureQueue: {
      Type: 'AWS::SQS::Queue',
      Properties: { QueueName: `${SERVICE}-${stage}-stream-failures`, MessageRetentionPeriod: 1209600, KmsMasterKeyId: 'alias/aws/sqs' },
    },
    StreamFailureAlarm: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmDescription: 'A batch of new scans could not be counted: the checkpoint statistics miss it (its stream position is in the queue)',
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['StreamFailureQueue', 'QueueName'] } }],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      },
    },
    // The city attaches this to the IAM users or roles of the authority systems that call /v1/authority/*.
    AuthorityCallerPolicy: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        Description: 'Calls the health-code authority routes (/v1/authority/*) of this stage, nothing else',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['execute-api:Invoke'],
              Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpApi}/*/*/v1/authority/*' }],
            },
          ],
        },
      },
    },
    ApiDomain: {
      Type: 'AWS::ApiGatewayV2::DomainName',
      Condition: 'HasCustomDomain',
      Properties: {
        DomainName: '${param:domainName}',
        DomainNameConfigurations: [{ CertificateArn: '${param:certificateArn}', EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
      },
    },
    ApiDomainMapping: {
      Type: 'AWS::ApiGatewayV2::ApiMapping',
      Condition: 'HasCustomDomain',
      DependsOn: ['ApiDomain', 'HttpApiStage'],
      Properties: { DomainName: '${param:domainName}', ApiId: { Ref: 'HttpApi' }, Stage: '$default' },
    },
  };
}

export const awsConditions = {
  HasCustomDomain: { 'Fn::Not': [{ 'Fn::Equals': ['${param:domainName}', ''] }] },
};

export const awsOutputs = {
  DataKeyArn: { Value: { 'Fn::GetAtt': ['DataKey', 'Arn'] } },
  DataKeyAliasName: { Value: { Ref: 'DataKeyAlias' } },
  AuthorityCallerPolicyArn: { Description: 'Attach to the principals that call /v1/authority/*', Value: { Ref: 'AuthorityCallerPolicy' } },
  StreamFailureQueueUrl: { Value: { Ref: 'StreamFailureQueue' } },
  ApiDomainTarget: {
    Condition: 'HasCustomDomain',
    Description: 'Point the custom domain (CNAME) here',
    Value: { 'Fn::GetAtt': ['ApiDomain', 'RegionalDomainName'] },
  },
};
