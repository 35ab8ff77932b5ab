import { httpHandler, ok } from '../../middleware';
import { colourStatsQuery } from '../../../shared/api/console';
import { colourStatsPorts } from '../../wiring/colour-stats';
import { shanghaiDay } from '../../../shared/time';

export const colours = httpHandler({ auth: 'official', officialRole: 'viewer', query: colourStatsQuery, ports: colourStatsPorts }, async (ctx) =>
  ok(await ctx.ports.readColourStats(shanghaiDay(ctx.now), ctx.query.days ?? 14)),
);
