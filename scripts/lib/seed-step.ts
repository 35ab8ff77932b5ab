/** One step of the local seed (./seed.ts runs them in order; each step file exports one). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Secrets } from '../../functions/adapters/secrets';

export interface SeedStep {
  name: string;
  /** `secrets` are the stack's own (steps that encrypt or hash personal data need them). */
  run(db: DynamoDBDocumentClient, tableName: string, now: Date, secrets?: Secrets): Promise<void>;
}
