import { httpHandler, ok } from '../../middleware';
import { colourStatsQuery } from '../../../shared/api/console';
import { readColourStats } from '../../adapters/colour-stats';
import { shanghaiDay } from '../../../shared/time';

export const colours = httpHandler({ auth: 'official', officialRole: 'viewer', query: colourStatsQuery }, async (ctx) =>
  ok(await readColourStats(ctx.db, ctx.config.tableName, shanghaiDay(ctx.now), ctx.query.days ?? 14)),
);
