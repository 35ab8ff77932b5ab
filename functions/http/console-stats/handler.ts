import { httpHandler, ok } from '../../middleware';
import { colourStatsQuery } from '../../../shared/api/console';
import { countyStatsQuery, feedStatsQuery, scanDayQuery } from '../../../shared/api/console-dashboard';
import { readColourStats } from '../../adapters/colour-stats';
import { shanghaiDay } from '../../../shared/time';
import { countyStatsView, feedStatsView, scanDayView } from '../../core/console/dashboard';
import { dashboardPorts } from '../../wiring/console-dashboard';

export const colours = httpHandler({ auth: 'official', officialRole: 'viewer', query: colourStatsQuery }, async (ctx) =>
  ok(await readColourStats(ctx.db, ctx.config.tableName, shanghaiDay(ctx.now), ctx.query.days ?? 14)),
);

export const counties = httpHandler({ auth: 'official', officialRole: 'viewer', query: countyStatsQuery }, async (ctx) =>
  ok(await countyStatsView(dashboardPorts(ctx.db, ctx.config.tableName), shanghaiDay(ctx.now), ctx.query.days ?? 14)),
);

export const scans = httpHandler({ auth: 'official', officialRole: 'viewer', query: scanDayQuery }, async (ctx) =>
  ok(await scanDayView(dashboardPorts(ctx.db, ctx.config.tableName), ctx.query.day)),
);

export const feeds = httpHandler({ auth: 'official', officialRole: 'viewer', query: feedStatsQuery }, async (ctx) =>
  ok(await feedStatsView(dashboardPorts(ctx.db, ctx.config.tableName), shanghaiDay(ctx.now), ctx.query.days ?? 7)),
);
