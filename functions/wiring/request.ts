/** What the middleware reads before a handler runs (see ./once.ts for the wiring's rules). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { devClock, type Clock } from '../adapters/clock';
import { config } from '../adapters/config';
import { documentClient } from '../adapters/dynamo';
import { dynamoSessionDirectory } from '../adapters/dynamodb/session-directory';
import type { SessionDirectory } from '../core/ports';
import { once } from './once';

export interface RequestPorts {
  sessions: SessionDirectory;
  /** The settable clock of a scope (local stage only; the middleware asks nowhere else). */
  devClock(scope: string): Promise<Clock>;
}

export function requestPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): RequestPorts {
  return once(db, `request:${tableName}`, () => ({
    sessions: dynamoSessionDirectory(db, tableName),
    devClock: (scope: string) => devClock.resolve(db, tableName, scope),
  }));
}
