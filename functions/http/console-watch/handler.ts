import { httpHandler, ok } from '../../middleware';
import { checkpointStatsPath, checkpointStatsQuery } from '../../../shared/api/scan-log';
import { checkpointDayStats } from '../../core/inspector/checkpoint-stats';
import { riskAreasView, rulesetsView } from '../../core/console/watch';
import { checkpointStatsPorts } from '../../wiring/checkpoint-stats';
import { riskAreaPorts, rulesetPorts } from '../../wiring/console';

export const riskAreas = httpHandler({ auth: 'official', officialRole: 'viewer', ports: riskAreaPorts }, async ({ ports }) => ok(await riskAreasView(ports)));

/** The same counters as the authority route, for officials: scans per hour of one Asia/Shanghai day. */
export const checkpointStats = httpHandler(
  { auth: 'official', officialRole: 'viewer', path: checkpointStatsPath, query: checkpointStatsQuery, ports: checkpointStatsPorts },
  async ({ path, query, ports }) => ok(await checkpointDayStats(ports, path.id, query.day)),
);

export const rulesets = httpHandler({ auth: 'official', officialRole: 'viewer', ports: rulesetPorts }, async ({ ports }) => ok(await rulesetsView(ports)));
