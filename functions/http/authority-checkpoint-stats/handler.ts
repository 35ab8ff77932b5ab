import { httpHandler, ok } from '../../middleware';
import { checkpointStatsPath, checkpointStatsQuery } from '../../../shared/api/scan-log';
import { checkpointDayStats } from '../../core/inspector/checkpoint-stats';
import { checkpointStatsPorts } from '../../wiring/checkpoint-stats';

export const handler = httpHandler(
  { auth: 'authority', path: checkpointStatsPath, query: checkpointStatsQuery },
  async ({ path, query, db, config }) => ok(await checkpointDayStats(checkpointStatsPorts(db, config.tableName), path.id, query.day)),
);
