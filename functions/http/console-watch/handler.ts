import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { httpHandler, ok } from '../../middleware';
import { checkpointStatsPath, checkpointStatsQuery } from '../../../shared/api/scan-log';
import { checkpointDayStats } from '../../core/inspector/checkpoint-stats';
import { riskAreasView, rulesetsView } from '../../core/console/watch';
import { dynamoScanLog } from '../../adapters/scan-log';
import { keys } from '../../adapters/keys';
import { riskAreaPorts, rulesetPorts } from '../../wiring/console';

export const riskAreas = httpHandler({ auth: 'official', officialRole: 'viewer' }, async ({ db, config }) => ok(await riskAreasView(riskAreaPorts(db, config.tableName))));

/** The same counters as the authority route, for officials: scans per hour of one Asia/Shanghai day. */
export const checkpointStats = httpHandler({ auth: 'official', officialRole: 'viewer', path: checkpointStatsPath, query: checkpointStatsQuery }, async ({ path, query, db, config }) => {
  const checkpointExists = async (id: string) =>
    Boolean((await db.send(new GetCommand({ TableName: config.tableName, Key: keys.checkpoint(id), ProjectionExpression: 'PK' }))).Item);
  return ok(await checkpointDayStats({ scanLog: dynamoScanLog(db, config.tableName), checkpointExists }, path.id, query.day));
});

export const rulesets = httpHandler({ auth: 'official', officialRole: 'viewer' }, async ({ db, config }) => ok(await rulesetsView(rulesetPorts(db, config.tableName))));
