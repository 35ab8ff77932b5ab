import * as z from 'zod';
import { httpHandler, ok } from '../../middleware';
import { dependentConfirmationRequestAt } from '../../../shared/api/inspector';
import { parseAt } from '../../core/inspector/guard';
import { confirmDependentAtServicePoint } from '../../core/inspector/dependent-confirmation';
import { dependentConfirmationPorts } from '../../wiring/resident';

export const handler = httpHandler({ auth: 'inspector', body: z.record(z.string(), z.unknown()), ports: dependentConfirmationPorts }, async ({ body, now, principal, ports }) => {
  const request = parseAt(dependentConfirmationRequestAt(now), body);
  const inspector = { id: principal.sub, checkpoints: principal.checkpoints };
  return ok(await confirmDependentAtServicePoint(ports.resident, ports.inspector, inspector, request, now));
});
