import { httpHandler, ok } from '../../middleware';
import { verificationRequest } from '../../../shared/api/inspector';
import { verifyScan } from '../../core/inspector/verify';
import { inspectorPorts } from '../../adapters/inspector-ports';

export const handler = httpHandler({ auth: 'inspector', body: verificationRequest, maxBodyBytes: 8 * 1024 }, async ({ body, now, principal, db, config }) =>
  ok(await verifyScan(inspectorPorts(db, config.tableName), { id: principal.sub, checkpoints: principal.checkpoints }, body, now)),
);
