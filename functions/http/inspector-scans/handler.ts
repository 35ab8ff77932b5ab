import { httpHandler, ok } from '../../middleware';
import { scanListQuery } from '../../../shared/api/scan-log';
import { listOwnScans } from '../../core/inspector/scans';
import { scanListPorts } from '../../wiring/checkpoint-stats';

export const handler = httpHandler({ auth: 'inspector', query: scanListQuery, ports: scanListPorts }, async ({ query, principal, ports }) =>
  ok(await listOwnScans(ports.scanLog, principal.sub, query)),
);
