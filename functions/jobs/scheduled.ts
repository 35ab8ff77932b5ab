/**
 * EventBridge handlers of the scheduled jobs (AWS). Each runs its job at the system time; the work
 * it fans out is processed by functions/jobs/worker.ts.
 */
import type { ScheduledEvent } from 'aws-lambda';
import { systemClock } from '../adapters/clock';
import { config } from '../adapters/config';
import { logger } from '../adapters/logger';
import { runJob, type JobName } from './catalog';
import { powertoolsMetrics } from './metrics';
import { authorityPorts } from '../wiring/authority';
import { residentStores } from '../wiring/resident';

function scheduled(name: JobName) {
  return async (event: ScheduledEvent): Promise<void> => {
    // The local stage runs jobs only through POST /v1/dev/jobs/{name}, at the caller's dev clock.
    if (config().devRoutes) return;
    const result = await runJob(name, authorityPorts(), systemClock.now(), { metrics: powertoolsMetrics(), erasure: residentStores() });
    logger.info('scheduled job', { eventId: event.id, ...result });
  };
}

export const autoConvert = scheduled('auto-convert');
export const rulesetActivation = scheduled('ruleset-activation');
export const auditSample = scheduled('audit-sample');
export const deletionSweep = scheduled('deletion-sweep');
