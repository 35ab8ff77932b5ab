import { httpHandler, ok } from '../../middleware';
import { checkpointStatsPath, checkpointStatsQuery } from '../../../shared/api/scan-log';
import { checkpointDayStats } from '../../core/inspector/checkpoint-stats';
import { checkpointStatsPorts } from '../../wiring/checkpoint-stats';

export const handler = httpHandler(
  { auth: 'authority', path: checkpointStatsPath, query: checkpointStatsQuery, ports: checkpointStatsPorts },
  async ({ path, query, ports }) => ok(await checkpointDayStats(ports, path.id, query.day)),
);
