/** The local stage's dev routes' ports (see ./once.ts for the wiring's rules): the settable clock and DynamoDB faults. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { devClock } from '../adapters/clock';
import { config } from '../adapters/config';
import { documentClient } from '../adapters/dynamo';
import { faultPlanFile, writeFaultPlan, type FaultPlan } from '../adapters/dynamo-faults';
import { ForbiddenError } from '../core/errors';
import { once } from './once';

/** The dev clock of a scope: set to an instant (it keeps ticking from there), or back to system time. */
export function devClockPorts(db: DynamoDBDocumentClient = documentClient(), tableName = config().tableName) {
  return once(db, `dev-clock:${tableName}`, () => ({
    set: (scope: string, now: Date) => devClock.set(db, tableName, scope, now),
    reset: (scope: string) => devClock.reset(db, tableName, scope),
  }));
}

/** The fault plan every DynamoDB call of this stack reads (functions/adapters/dynamo-faults.ts). */
export function devFaultPorts() {
  return {
    write(plan: FaultPlan | undefined): void {
      // Faults are injected into DynamoDB Local only: without its endpoint there is no plan to write.
      const endpoint = config().dynamoEndpoint;
      if (!endpoint) throw new ForbiddenError('此功能仅用于本地开发环境');
      writeFaultPlan(faultPlanFile(endpoint), plan);
    },
  };
}
