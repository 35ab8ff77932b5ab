import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from './config';
import { attachFaultInjection, faultPlanFile, filePlanSource, type FaultPlan } from './dynamo-faults';

/**
 * Builds the document client. Retries are bounded (standard mode, 3 attempts) and every call has
 * a deadline, so a slow or throttled table turns into a 503 instead of a hung Lambda.
 * On the local stage only, a fault-injection middleware sits on the client's stack
 * (./dynamo-faults: throttling, timeouts, 500s; switched by POST /v1/dev/faults).
 */
export function createDocumentClient(
  options: { endpoint?: string; region?: string; maxAttempts?: number; requestTimeoutMs?: number; faults?: () => FaultPlan | undefined } = {},
): DynamoDBDocumentClient {
  const cfg = config();
  const endpoint = options.endpoint ?? cfg.dynamoEndpoint;
  const client = new DynamoDBClient({
    region: options.region ?? cfg.region,
    endpoint,
    maxAttempts: options.maxAttempts ?? 3,
    retryMode: 'standard',
    // throwOnRequestTimeout: without it the SDK only warns, and a hung table hangs the Lambda.
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 2000, connectionTimeout: 1000, throwOnRequestTimeout: true },
    // DynamoDB Local accepts any credentials; real AWS uses the Lambda role.
    ...(endpoint ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  if (endpoint) attachFaultInjection(client, cfg, endpoint, { plan: options.faults ?? filePlanSource(faultPlanFile(endpoint)) });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

let shared: DynamoDBDocumentClient | undefined;

/** One client per Lambda instance, created on first use. */
export function documentClient(): DynamoDBDocumentClient {
  shared ??= createDocumentClient();
  return shared;
}
