/**
 * The wiring (this folder): every area's ports, built from this deployment's adapters, for HTTP
 * handlers, jobs and scripts alike, once per Lambda instance and table. One file per area, so that a
 * function's bundle carries only the SDK commands its IAM role allows (tests/deploy/template.test.ts).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const built = new WeakMap<DynamoDBDocumentClient, Map<string, unknown>>();

/** The value `build` makes for this client and key, made once per Lambda instance (not kept when it throws). */
export function once<T>(db: DynamoDBDocumentClient, key: string, build: () => T): T {
  let byKey = built.get(db);
  if (!byKey) built.set(db, (byKey = new Map()));
  if (!byKey.has(key)) byKey.set(key, build());
  return byKey.get(key) as T;
}
