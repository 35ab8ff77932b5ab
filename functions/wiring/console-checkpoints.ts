/** The console's checkpoint registry (see ./once.ts for the wiring's rules). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoCheckpointRegistry } from '../adapters/dynamodb/checkpoint-registry-store';
import { secrets } from '../adapters/secrets';
import type { CheckpointPorts } from '../core/console/checkpoints';
import { SANDBOX_CORP_ID } from '../core/inspector/sign-in';
import { config } from '../adapters/config';
import { documentClient } from '../adapters/dynamo';
import { once } from './once';

/** Mappings are written for the corp of the inspectors' DingTalk app, the one their sign-in looks grants up in. */
export function checkpointPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): CheckpointPorts {
  return once(db, `checkpoints:${tableName}`, () => ({
    store: dynamoCheckpointRegistry(db, tableName),
    inspectorCorp: async () => (await secrets()).dingtalk?.corpId ?? SANDBOX_CORP_ID,
  }));
}
