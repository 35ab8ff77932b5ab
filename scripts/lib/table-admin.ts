import { CreateTableCommand, DescribeTableCommand, UpdateTableCommand, UpdateTimeToLiveCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { attr, createTableInput, STREAM_VIEW } from '../../functions/adapters/table';

/** Client settings for a DynamoDB Local endpoint (also for its streams API). */
export function localClientConfig(endpoint: string) {
  return { endpoint, region: 'cn-northwest-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 };
}

/** A document client for a DynamoDB Local endpoint. */
export function localDocumentClient(endpoint: string): DynamoDBDocumentClient {
  const client = new DynamoDBClient(localClientConfig(endpoint));
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * Creates the table from the same definition serverless.ts deploys, with TTL and the stream on
 * (`stream: false` for a table no stream consumer reads, see createTableInput). Idempotent; a table
 * persisted by an older version (no stream) gets its stream switched on.
 */
export async function ensureTable(db: DynamoDBDocumentClient, tableName: string, options: { stream?: boolean } = {}): Promise<'created' | 'existed'> {
  const stream = options.stream ?? true;
  try {
    await db.send(new CreateTableCommand(createTableInput(tableName, { stream })));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
    const existing = await db.send(new DescribeTableCommand({ TableName: tableName }));
    if (stream && !existing.Table?.StreamSpecification?.StreamEnabled) {
      await db.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW } }));
    }
    return 'existed';
  }
  for (let i = 0; i < 100; i++) {
    const out = await db.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table?.TableStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await db.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: attr.ttl, Enabled: true } }));
  return 'created';
}
