/**
 * Claims of uploaded offline scan ids (access pattern 24): `INSPECTOR#<id>` / `OFFLINE#<scanId>`,
 * written with attribute_not_exists, so each scan id of an inspector is recorded once however often
 * the app uploads it. TTL as the scan log's: after 30 days neither the scan nor its claim remains.
 */
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed } from './dynamodb/errors';
import { keys, ttlAfter } from './keys';
import { SCAN_TTL_SECONDS } from './scan-log';

export function dynamoOfflineScanIds(db: DynamoDBDocumentClient, tableName: string) {
  return {
    async claimScanId(inspectorId: string, scanId: string, now: Date): Promise<boolean> {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.offlineScanId(inspectorId, scanId), claimedAt: now.toISOString(), ...ttlAfter(now, SCAN_TTL_SECONDS) },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailed(error)) return false;
        throw error;
      }
    },
    async releaseScanId(inspectorId: string, scanId: string): Promise<void> {
      await db.send(new DeleteCommand({ TableName: tableName, Key: keys.offlineScanId(inspectorId, scanId) }));
    },
  };
}
