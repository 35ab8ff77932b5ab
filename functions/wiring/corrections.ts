/** The corrections' ports (see ./once.ts for the wiring's rules). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoCorrectionStore } from '../adapters/dynamodb/correction-store';
import type { CorrectionStore } from '../core/corrections';
import { once } from './once';
import { holderStore } from './resident';

/** Corrections (纠错), filed by residents and decided by the authority, over the holder store. */
export function correctionPorts(db: DynamoDBDocumentClient, tableName: string): CorrectionStore {
  return once(db, `corrections:${tableName}`, () => dynamoCorrectionStore(db, tableName, holderStore(db, tableName)));
}
