/** Scan pages, apart from ./query.ts: only the roles allowed to scan (authority, jobs) bundle this module. */
import { ScanCommand, type DynamoDBDocumentClient, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Page } from './query';

export async function scanPage(db: DynamoDBDocumentClient, input: ScanCommandInput): Promise<Page> {
  const out = await db.send(new ScanCommand(input));
  return { items: (out.Items ?? []) as Record<string, unknown>[], ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey as Record<string, unknown> } : {}) };
}
