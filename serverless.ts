import type { AWS } from '@serverless/typescript';
import { readFileSync } from 'node:fs';
import { functions, localOnlyFunctions, awsOnlyFunctions } from './functions/routes';
import { tableResource, TABLE_BASE_NAME } from './functions/adapters/table';
import { sandboxDefine } from './functions/adapters/sandbox';
import { ACCESS_LOG_FORMAT, STAGE_THROTTLING, STREAM_FAILURE_HANDLING, awsConditions, awsOutputs, awsResources, roleGroupOf, roleLogicalId } from './scripts/lib/aws-stack';
import { consoleHostingResources } from './scripts/lib/console-hosting';
import { encodeRoutes, ROUTES_ENV } from './functions/http/not-found/allowed';

/**
 * Stages: `local` (npm start: DynamoDB Local, sandbox identities, settable clock, /v1/dev routes),
 * `review` (real AWS for app-store review: sandbox identities, no dev routes) and `prod`.
 * The stage decides which functions exist, so it is read here rather than through ${sls:stage}:
 * a dev route must not even be packaged for review or prod.
 */
function stageFromArgv(argv: string[]): string {
  const i = argv.findIndex((a) => a === '--stage' || a === '-s');
  if (i >= 0 && argv[i + 1]) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith('--stage='));
  return eq ? eq.slice('--stage='.length) : (process.env.SLS_STAGE ?? 'local');
}

const stage = stageFromArgv(process.argv);
const isLocal = stage === 'local';

/** A `--param="name=value"` of the command line (osls also reads it, as `${param:name}`). */
function paramFromArgv(argv: string[], name: string): string | undefined {
  const values = argv.flatMap((a, i) => (a === '--param' ? [argv[i + 1] ?? ''] : a.startsWith('--param=') ? [a.slice('--param='.length)] : []));
  return values.find((v) => v.startsWith(`${name}=`))?.slice(name.length + 1);
}

// An alarm that notifies no one is no alarm: AWS stages are built only with the operators' SNS topic.
if (!isLocal && !paramFromArgv(process.argv, 'alarmTopicArn')) {
  throw new Error(`serverless.ts: stage ${stage} needs the SNS topic its alarms notify: --param="alarmTopicArn=arn:aws-cn:sns:<region>:<account>:<topic>"`);
}
const version = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;
const tableName = `${TABLE_BASE_NAME}-${stage}`;

// Job functions carry schedule and sqs events instead of httpApi.
type HttpEvent = { httpApi?: { method: string; path: string } | '*'; [other: string]: unknown };
type Fn = { handler: string; events?: HttpEvent[]; [k: string]: unknown };

/**
 * Per function on AWS: IAM authorisation on the authority routes (locally they take the seeded static
 * key instead), the function's own role (least privilege, `roleOf` below), and the stream mapping's
 * failure handling (bisect, bounded age, an on-failure queue), which serverless-offline does not model.
 */
function forStage(fns: Record<string, Fn>): AWS['functions'] {
  const out: AWS['functions'] = {};
  for (const [name, fn] of Object.entries(fns)) {
    const events = (fn.events ?? []).map((e) => {
      if (isLocal) return e;
      if (typeof e.httpApi === 'object' && e.httpApi.path.startsWith('/v1/authority/')) return { httpApi: { ...e.httpApi, authorizer: { type: 'aws_iam' } } };
      if (e.stream && typeof e.stream === 'object') return { stream: { ...(e.stream as object), ...STREAM_FAILURE_HANDLING } };
      return e;
    });
    out[name] = { ...fn, events, ...(isLocal ? {} : { role: roleOf(name) }) } as never;
  }
  return out;
}

/** The role of a function on AWS: its group's (scripts/lib/aws-stack.ts), never a shared default role. */
const roleOf = (name: string) => roleLogicalId(roleGroupOf(name));

/** Every alarm notifies the operators' SNS topic (`--param="alarmTopicArn=..."`), and again when it clears. */
function withAlarmActions(resources: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, r] of Object.entries(resources)) {
    const res = r as { Type?: string; Properties?: Record<string, unknown> };
    out[id] = res.Type === 'AWS::CloudWatch::Alarm' && !isLocal
      ? { ...res, Properties: { ...res.Properties, AlarmActions: ['${param:alarmTopicArn}'], OKActions: ['${param:alarmTopicArn}'] } }
      : res;
  }
  return out;
}

/** The officials' console as static files on S3 + CloudFront (AWS stages; npm start serves it locally). */
const consoleHosting = isLocal ? { Conditions: {}, Resources: {}, Outputs: {} } : consoleHostingResources();
/** CloudFormation conditions: the console hosting's and, on AWS stages, the alarm topic's and the custom domain's. */
const conditions = { ...consoleHosting.Conditions, ...(isLocal ? {} : awsConditions) };

const deployed = { ...functions, ...(isLocal ? localOnlyFunctions : awsOnlyFunctions) } as Record<string, Fn>;
// The catch-all answers a wrong method with 405 and Allow: it gets this stage's routes.
deployed.notFound = { ...deployed.notFound, environment: { [ROUTES_ENV]: encodeRoutes(deployed as never) } };

/**
 * The authority work queue (feed chunks, re-evaluations, roll-out pages) with its dead-letter
 * queue, and the alarms: a history chain break found by the audit sample, and any dead letter.
 */
function workQueueResources(stageName: string) {
  const alarm = (metric: Record<string, unknown>, description: string) => ({
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmDescription: description,
      ...metric,
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    },
  });
  return {
    WorkDeadLetterQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: `lishui-health-code-${stageName}-work-dlq`, MessageRetentionPeriod: 1209600, KmsMasterKeyId: 'alias/aws/sqs' } },
    WorkQueue: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: `lishui-health-code-${stageName}-work`,
        VisibilityTimeout: 720,
        KmsMasterKeyId: 'alias/aws/sqs',
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['WorkDeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 },
      },
    },
    HistoryChainBreakAlarm: alarm(
      { Namespace: 'LishuiHealthCode', MetricName: 'HistoryChainBreaks', Dimensions: [{ Name: 'service', Value: 'health-code' }] },
      'The audit sample found a colour history whose hash chain is broken: possible tampering',
    ),
    CodeSigningKeyMissingAlarm: alarm(
      { Namespace: 'LishuiHealthCode', MetricName: 'CodeSigningKeyMissing', Dimensions: [{ Name: 'service', Value: 'health-code' }] },
      'No code-signing key covers now: residents get a 503 instead of a code (add a key or a codeKeySeed to the secrets)',
    ),
    WorkDeadLetterAlarm: alarm(
      { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['WorkDeadLetterQueue', 'QueueName'] } }] },
      'Authority work (feed chunks, re-evaluations) failed five times and waits in the dead-letter queue',
    ),
  };
}

const serverlessConfiguration: AWS = {
  service: 'lishui-health-code',
  frameworkVersion: '>=3',
  // Locally, serverless-offline-dynamodb-streams feeds DynamoDB Local's stream to the stream consumer.
  plugins: ['serverless-esbuild', ...(isLocal ? ['serverless-offline-dynamodb-streams'] : []), 'serverless-offline'],
  params: {
    default: {
      region: 'cn-northwest-1',
      logLevel: 'INFO',
      secretsParameter: `/lishui-health-code/${stage}/secrets`,
      // A custom domain for the API (with an ACM certificate of this region); empty: the execute-api URL only.
      domainName: '',
      certificateArn: '',
    },
  },
  provider: {
    name: 'aws',
    runtime: 'nodejs22.x',
    architecture: 'arm64',
    stage,
    region: '${param:region}' as AWS['provider']['region'],
    memorySize: 512,
    // serverless-offline enforces this too; a loaded developer machine needs more room than Lambda does.
    timeout: isLocal ? 30 : 10,
    logRetentionInDays: 30,
    httpApi: { payload: '2.0', disableDefaultEndpoint: false },
    environment: {
      STAGE: stage,
      APP_VERSION: version,
      TABLE_NAME: tableName,
      LOG_LEVEL: '${param:logLevel}',
      POWERTOOLS_SERVICE_NAME: 'health-code',
      ...(isLocal
        ? { DYNAMODB_ENDPOINT: '${env:DYNAMODB_ENDPOINT, ""}', SECRETS_JSON: '${env:SECRETS_JSON, ""}' }
        : {
            SECRETS_PARAMETER: '${param:secretsParameter}',
            WORK_QUEUE_URL: { Ref: 'WorkQueue' } as never,
            // Stack traces of the minified bundles point into the sources (the .map beside each bundle).
            NODE_OPTIONS: '--enable-source-maps',
          }),
    },
    // No shared role: every function has its group's role (forStage, scripts/lib/aws-stack.ts).
    ...(isLocal ? {} : { logs: { httpApi: { format: ACCESS_LOG_FORMAT } } }),
  },
  package: { individually: true },
  functions: forStage(deployed),
  custom: {
    esbuild: {
      bundle: true,
      // Minified with a source map: small zips that load fast, readable stack traces.
      minify: !isLocal,
      sourcemap: isLocal ? false : 'linked',
      // Mappings only: stack traces need no copy of the sources in the zip.
      sourcesContent: false,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      outputFileExtension: '.mjs',
      // Some dependencies still call require() for Node built-ins; give the ESM bundle one.
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      // The sandbox identity providers are compiled in on local and review only: on prod esbuild
      // drops them from the bundles (functions/adapters/sandbox.ts).
      define: sandboxDefine(stage),
      // A work folder per stage. serverless-esbuild zips every file it finds in its build folder, and
      // a stopped local stack (npm start, the tests) leaves the dev handlers in `.esbuild/.build`; it
      // also deletes its work folder after packaging, which must not be a running local stack's.
      outputWorkFolder: isLocal ? '.esbuild' : `.esbuild/${stage}`,
      // nodejs22.x ships AWS SDK v3 (and its @smithy parts): the bundles import it from the runtime.
      exclude: isLocal ? [] : ['@aws-sdk/*', '@smithy/*'],
      // zod ships only its Chinese (and default English) messages, qrcode no PNG encoder: scripts/lib/esbuild-plugins.cjs.
      plugins: 'scripts/lib/esbuild-plugins.cjs',
      concurrency: 2,
    },
    'serverless-offline-dynamodb-streams': {
      endpoint: '${env:DYNAMODB_ENDPOINT, ""}',
      accessKeyId: 'local',
      secretAccessKey: 'local',
      // Where the reader keeps its place in the stream; scripts/lib/stack.ts puts it beside the data.
      checkpointFile: '${env:STREAM_CHECKPOINT_FILE, ".build/stream-checkpoint.json"}',
    },
    'serverless-offline': {
      httpPort: 3000,
      lambdaPort: 3002,
      noPrependStageInUrl: true,
      noTimeout: false,
      // One Node process runs every handler, as one warm Lambda instance would. By default
      // serverless-offline starts a worker thread (a whole bundle and SDK client) per concurrent
      // request, which on a 2-core machine spends the CPU on isolates instead of requests.
      useInProcess: process.env.OFFLINE_WORKER_THREADS !== '1',
    },
  },
  resources: {
    Resources: {
      DataKey: {
        Type: 'AWS::KMS::Key',
        // The table it encrypts is retained: so must the key be, or the retained data is unreadable.
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          Description: 'Encrypts the health-code table and wraps the field-encryption data key',
          EnableKeyRotation: true,
          KeyPolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AccountAdmin',
                Effect: 'Allow',
                Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } },
                Action: 'kms:*',
                Resource: '*',
              },
            ],
          },
        },
      },
      HealthCodeTable: tableResource(tableName, { 'Fn::GetAtt': ['DataKey', 'Arn'] }),
      ...withAlarmActions({ ...workQueueResources(stage), ...(isLocal ? {} : awsResources(stage)) }),
      ...consoleHosting.Resources,
    },
    ...(Object.keys(conditions).length > 0 ? { Conditions: conditions } : {}),
    Outputs: {
      ...consoleHosting.Outputs,
      TableName: { Value: { Ref: 'HealthCodeTable' } },
      TableStreamArn: { Value: { 'Fn::GetAtt': ['HealthCodeTable', 'StreamArn'] } },
      ...(isLocal ? {} : awsOutputs),
    },
    // The stage's throttling, on the stage resource serverless generates for the HTTP API.
    ...(isLocal ? {} : { extensions: { HttpApiStage: { Properties: { DefaultRouteSettings: STAGE_THROTTLING } } } }),
  },
};

module.exports = serverlessConfiguration;
