import { httpHandler, ok } from '../../middleware';
import { checkHealth } from '../../core/health';
import { healthPorts } from '../../wiring/health';

export const handler = httpHandler({ auth: 'public', tableOptional: true, ports: healthPorts }, async ({ ports, now }) =>
  ok(await checkHealth(ports, now), { 'cache-control': 'no-store' }));
