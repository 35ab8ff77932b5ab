import * as z from 'zod';
import { httpHandler, ok } from '../../middleware';
import { JOB_NAMES, runJob } from '../../jobs/catalog';
import { powertoolsMetrics } from '../../jobs/metrics';
import { authorityPorts } from '../../wiring/authority';
import { residentStores } from '../../wiring/resident';

const path = z.object({ name: z.enum(JOB_NAMES, { error: `任务名称应为${JOB_NAMES.join('、')}之一` }) });
/** `reviewFrom` narrows auto-convert to statuses due from then on: tests that move their clock far ahead stay in their own era. */
const query = z.strictObject({ reviewFrom: z.iso.datetime({ offset: true, error: '时间格式应为带时区的 ISO 8601' }).optional() });

/** Runs a job at the caller's dev clock (x-dev-clock-scope), exactly as the schedule would. Local stage only. */
export const handler = httpHandler({ auth: 'public', path, query, localOnly: true, ports: authorityPorts }, async (ctx) => {
  const reviewFrom = ctx.query.reviewFrom ? new Date(ctx.query.reviewFrom) : undefined;
  return ok(await runJob(ctx.path.name, ctx.ports, ctx.now, { reviewFrom, metrics: powertoolsMetrics(), erasure: residentStores() }));
});
