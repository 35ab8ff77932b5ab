/**
 * The holder store alone (the reads and the one transaction of holder-state), in a file of its own:
 * the inspector, authority and console wiring use it without pulling the resident use cases (and
 * their QR renderer) into their bundles. See ./once.ts for the wiring's rules.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../adapters/config';
import { documentClient } from '../adapters/dynamo';
import { dynamoHolderStore } from '../adapters/dynamodb/holder-store';
import type { HolderStore } from '../core/holder-state';
import { once } from './once';

export function holderStore(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): HolderStore {
  return once(db, `holders:${tableName}`, () => dynamoHolderStore(db, tableName));
}
