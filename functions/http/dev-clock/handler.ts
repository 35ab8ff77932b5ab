import { httpHandler, ok } from '../../middleware';
import { clockScope } from '../../adapters/clock';
import { devClockRequest } from '../../../shared/api/dev';
import { devClockPorts } from '../../wiring/dev';

export const set = httpHandler({ auth: 'public', body: devClockRequest, localOnly: true, ports: devClockPorts }, async ({ body, ports, headers }) => {
  const scope = clockScope(headers['x-dev-clock-scope']);
  await ports.set(scope, new Date(body.now));
  return ok({ scope, now: new Date(body.now).toISOString() });
});

export const reset = httpHandler({ auth: 'public', localOnly: true, ports: devClockPorts }, async ({ ports, headers }) => {
  const scope = clockScope(headers['x-dev-clock-scope']);
  await ports.reset(scope);
  return ok({ scope, now: new Date().toISOString() });
});
