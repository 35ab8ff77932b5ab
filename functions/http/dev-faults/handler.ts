import { httpHandler, ok } from '../../middleware';
import { faultPlanFile, faultPlanSchema, writeFaultPlan } from '../../adapters/dynamo-faults';
import { ForbiddenError } from '../../core/errors';
import type { RuntimeConfig } from '../../adapters/config';

/** Defence in depth: only deployed on local, and refuses anywhere without DynamoDB Local. */
function planFile(config: RuntimeConfig): string {
  if (!config.devRoutes || !config.dynamoEndpoint) throw new ForbiddenError('此功能仅用于本地开发环境');
  return faultPlanFile(config.dynamoEndpoint);
}

/** POST /v1/dev/faults { kind, rate?, operations? }: every later DynamoDB call of this stack that matches fails so. */
export const set = httpHandler({ auth: 'public', body: faultPlanSchema }, async ({ body, config }) => {
  writeFaultPlan(planFile(config), body);
  return ok({ faults: body });
});

/** DELETE /v1/dev/faults: DynamoDB answers normally again. */
export const reset = httpHandler({ auth: 'public' }, async ({ config }) => {
  writeFaultPlan(planFile(config), undefined);
  return ok({ faults: null });
});
