import * as z from 'zod';
import { httpHandler, ok } from '../../middleware';
import { manualCheckRequestAt } from '../../../shared/api/inspector';
import { manualCheck } from '../../core/inspector/manual-check';
import { parseAt } from '../../core/inspector/guard';
import { inspectorPorts } from '../../wiring/inspector';

// The identity check depends on the time, so the body is checked against `manualCheckRequestAt(now)`.
export const handler = httpHandler({ auth: 'inspector', body: z.record(z.string(), z.unknown()), ports: inspectorPorts }, async ({ body, now, principal, ports }) => {
  const request = parseAt(manualCheckRequestAt(now), body);
  const inspector = { id: principal.sub, checkpoints: principal.checkpoints };
  return ok(await manualCheck(ports, inspector, request, now));
});
