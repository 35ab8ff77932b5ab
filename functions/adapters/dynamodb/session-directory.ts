/** The middleware's table reads (functions/core/ports.ts `SessionDirectory`): seeded authority keys and live accounts. */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SessionDirectory } from '../../core/ports';
import { keys } from '../keys';
import { liveTokenCheckpoints } from '../grant-changes';

export function dynamoSessionDirectory(db: DynamoDBDocumentClient, tableName: string): SessionDirectory {
  return {
    async authorityOfKey(keyHash) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.authorityKey(keyHash) }));
      return out.Item ? String(out.Item.principal) : undefined;
    },
    async holderOfAccount(accountId) {
      // Consistent: a token of an account deleted a moment ago must already be refused.
      const out = await db.send(new GetCommand({ TableName: tableName, Key: keys.account(accountId), ProjectionExpression: 'PK, holderId', ConsistentRead: true }));
      if (!out.Item) return undefined;
      // Accounts made before holders had their own ids are their own holder.
      return typeof out.Item.holderId === 'string' ? out.Item.holderId : accountId;
    },
    liveCheckpoints: (checkpoints, issuedAtSeconds) => liveTokenCheckpoints(db, tableName, checkpoints, issuedAtSeconds),
  };
}
