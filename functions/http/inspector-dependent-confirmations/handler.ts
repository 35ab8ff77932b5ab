import * as z from 'zod';
import { httpHandler, ok } from '../../middleware';
import { dependentConfirmationRequestAt } from '../../../shared/api/inspector';
import { parseAt } from '../../core/inspector/guard';
import { confirmDependentAtServicePoint } from '../../core/inspector/dependent-confirmation';
import { inspectorPorts } from '../../wiring/inspector';
import { residentPorts } from '../../wiring/resident';

export const handler = httpHandler({ auth: 'inspector', body: z.record(z.string(), z.unknown()) }, async ({ body, now, principal, db, config }) => {
  const request = parseAt(dependentConfirmationRequestAt(now), body);
  const inspector = { id: principal.sub, checkpoints: principal.checkpoints };
  return ok(await confirmDependentAtServicePoint(await residentPorts(db, config), inspectorPorts(db, config.tableName), inspector, request, now));
});
