import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { httpHandler, ok } from '../../middleware';
import { checkpointStatsPath, checkpointStatsQuery } from '../../../shared/api/scan-log';
import { checkpointDayStats } from '../../core/inspector/checkpoint-stats';
import { dynamoScanLog } from '../../adapters/scan-log';
import { keys } from '../../adapters/keys';

export const handler = httpHandler(
  { auth: 'authority', path: checkpointStatsPath, query: checkpointStatsQuery },
  async ({ path, query, db, config }) => {
    const checkpointExists = async (id: string) =>
      Boolean((await db.send(new GetCommand({ TableName: config.tableName, Key: keys.checkpoint(id), ProjectionExpression: 'PK' }))).Item);
    return ok(await checkpointDayStats({ scanLog: dynamoScanLog(db, config.tableName), checkpointExists }, path.id, query.day));
  },
);
