// Transitional: the raw table handle of the use cases not yet behind a store port. Removed when the last one moves.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface TableHandle {
  db: DynamoDBDocumentClient;
  tableName: string;
}
