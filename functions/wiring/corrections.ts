/** The corrections' ports (see ./once.ts for the wiring's rules). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../adapters/config';
import { documentClient } from '../adapters/dynamo';
import { dynamoCorrectionStore } from '../adapters/dynamodb/correction-store';
import type { CorrectionStore } from '../core/corrections';
import { once } from './once';
import type { Idempotency } from '../core/ports';
import type { ResidentPorts } from '../core/resident';
import { residentWritePorts } from './idempotency';
import { holderStore } from './holders';

/** Corrections (纠错), filed by residents and decided by the authority, over the holder store. */
export function correctionPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName): CorrectionStore {
  return once(db, `corrections:${tableName}`, () => dynamoCorrectionStore(db, tableName, holderStore(db, tableName)));
}

/** A resident's corrections: the resident side (whose holder, the idempotency gate) and the corrections' store. */
export async function residentCorrectionPorts(): Promise<{ resident: ResidentPorts & { idempotency: Idempotency }; corrections: CorrectionStore }> {
  return { resident: await residentWritePorts(), corrections: correctionPorts() };
}
