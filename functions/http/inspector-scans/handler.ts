import { httpHandler, ok } from '../../middleware';
import { scanListQuery } from '../../../shared/api/scan-log';
import { listOwnScans } from '../../core/inspector/scans';
import { dynamoScanLog } from '../../adapters/scan-log';

export const handler = httpHandler({ auth: 'inspector', query: scanListQuery }, async ({ query, principal, db, config }) =>
  ok(await listOwnScans(dynamoScanLog(db, config.tableName), principal.sub, query)),
);
