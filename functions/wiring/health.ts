/**
 * The health route's ports (see ./once.ts for the wiring's rules): a read of a key that never holds
 * data, and the stage and version of this deployment's configuration.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../adapters/config';
import { documentClient } from '../adapters/dynamo';
import { tableProbe } from '../adapters/table-probe';
import type { HealthPorts } from '../core/health';
import { once } from './once';

export function healthPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): HealthPorts {
  return once(db, `health:${tableName}`, () => {
    const { stage, version } = config();
    return { probe: () => tableProbe(db, tableName), deployment: { stage, version } };
  });
}
