import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalStack, type LocalStack } from '../../scripts/lib/stack';

/** Where the API's log output of this run goes; tests may read it (the privacy scan does). */
export const API_LOG_FILE = join(process.cwd(), '.build', 'test-logs', 'api.log');

/**
 * Starts the real local stack once per jest run: DynamoDB Local on a free port, the table, the
 * demo seed, and the API through serverless-offline on a free port. Its addresses and the
 * generated secrets reach every test worker through the environment.
 */
export default async function globalSetup(): Promise<void> {
  rmSync(API_LOG_FILE, { force: true });
  const stack = await startLocalStack({ logFile: API_LOG_FILE });
  (globalThis as { __STACK__?: LocalStack }).__STACK__ = stack;
  process.env.API_URL = stack.apiUrl;
  process.env.DYNAMODB_ENDPOINT = stack.dynamoEndpoint;
  process.env.TABLE_NAME = stack.tableName;
  process.env.SECRETS_JSON = JSON.stringify(stack.secrets);
  process.env.STAGE = 'local';
  process.env.API_LOG_FILE = API_LOG_FILE;
}
