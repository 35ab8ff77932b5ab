import { httpHandler, ok } from '../../middleware';
import { colourStatsQuery } from '../../../shared/api/console';
import { colourStatsPorts } from '../../wiring/colour-stats';
import { countyStatsQuery, feedStatsQuery, scanDayQuery } from '../../../shared/api/console-dashboard';
import { shanghaiDay } from '../../../shared/time';
import { countyStatsView, feedStatsView, scanDayView } from '../../core/console/dashboard';
import { dashboardPorts } from '../../wiring/console-dashboard';

export const colours = httpHandler({ auth: 'official', officialRole: 'viewer', query: colourStatsQuery, ports: colourStatsPorts }, async (ctx) =>
  ok(await ctx.ports.readColourStats(shanghaiDay(ctx.now), ctx.query.days ?? 14)),
);

export const counties = httpHandler({ auth: 'official', officialRole: 'viewer', query: countyStatsQuery , ports: dashboardPorts }, async (ctx) =>
  ok(await countyStatsView(ctx.ports, shanghaiDay(ctx.now), ctx.query.days ?? 14)),
);

export const scans = httpHandler({ auth: 'official', officialRole: 'viewer', query: scanDayQuery , ports: dashboardPorts }, async (ctx) =>
  ok(await scanDayView(ctx.ports, ctx.query.day)),
);

export const feeds = httpHandler({ auth: 'official', officialRole: 'viewer', query: feedStatsQuery , ports: dashboardPorts }, async (ctx) =>
  ok(await feedStatsView(ctx.ports, shanghaiDay(ctx.now), ctx.query.days ?? 7)),
);
