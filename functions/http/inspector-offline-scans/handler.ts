import { httpHandler, ok } from '../../middleware';
import { offlineScansRequest } from '../../../shared/api/offline-scans';
import { recordOfflineScans } from '../../core/inspector/offline-scans';
import { offlineScanPorts } from '../../wiring/inspector';

export const handler = httpHandler({ auth: 'inspector', body: offlineScansRequest, maxBodyBytes: 256 * 1024, ports: offlineScanPorts }, async ({ body, now, principal, ports }) =>
  ok(await recordOfflineScans(ports, { id: principal.sub, checkpoints: principal.checkpoints }, body, now)));
