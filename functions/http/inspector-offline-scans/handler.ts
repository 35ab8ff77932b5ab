import { httpHandler, ok } from '../../middleware';
import { offlineScansRequest } from '../../../shared/api/offline-scans';
import { recordOfflineScans } from '../../core/inspector/offline-scans';
import { inspectorPorts } from '../../wiring/inspector';
import { dynamoOfflineScanIds } from '../../adapters/offline-scan-ids';

export const handler = httpHandler({ auth: 'inspector', body: offlineScansRequest, maxBodyBytes: 256 * 1024 }, async ({ body, now, principal, db, config }) => {
  const ports = { ...inspectorPorts(db, config.tableName), ...dynamoOfflineScanIds(db, config.tableName) };
  return ok(await recordOfflineScans(ports, { id: principal.sub, checkpoints: principal.checkpoints }, body, now));
});
