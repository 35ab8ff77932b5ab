import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from './config';

/**
 * Builds the document client. Retries are bounded (standard mode, 3 attempts) and every call has
 * a deadline, so a slow or throttled table turns into a 503 instead of a hung Lambda.
 */
export function createDocumentClient(options: { endpoint?: string; region?: string; maxAttempts?: number; requestTimeoutMs?: number } = {}): DynamoDBDocumentClient {
  const cfg = config();
  const endpoint = options.endpoint ?? cfg.dynamoEndpoint;
  const client = new DynamoDBClient({
    region: options.region ?? cfg.region,
    endpoint,
    maxAttempts: options.maxAttempts ?? 3,
    retryMode: 'standard',
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 2000, connectionTimeout: 1000 },
    // DynamoDB Local accepts any credentials; real AWS uses the Lambda role.
    ...(endpoint ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
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
