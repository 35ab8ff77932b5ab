import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** One cheap read that proves the table exists and answers (a key that is never written). */
export async function tableProbe(db: DynamoDBDocumentClient, tableName: string): Promise<void> {
  await db.send(new GetCommand({ TableName: tableName, Key: { PK: 'HEALTH#PROBE', SK: 'PROBE' } }));
}
