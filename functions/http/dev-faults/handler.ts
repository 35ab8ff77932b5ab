import { httpHandler, ok } from '../../middleware';
import { faultPlanSchema } from '../../adapters/dynamo-faults';
import { devFaultPorts } from '../../wiring/dev';

/** POST /v1/dev/faults { kind, rate?, operations? }: every later DynamoDB call of this stack that matches fails so. */
export const set = httpHandler({ auth: 'public', body: faultPlanSchema, localOnly: true, ports: devFaultPorts }, async ({ body, ports }) => {
  ports.write(body);
  return ok({ faults: body });
});

/** DELETE /v1/dev/faults: DynamoDB answers normally again. */
export const reset = httpHandler({ auth: 'public', localOnly: true, ports: devFaultPorts }, async ({ ports }) => {
  ports.write(undefined);
  return ok({ faults: null });
});
