/**
 * The scheduled jobs, by name: what EventBridge runs on AWS and `POST /v1/dev/jobs/{name}` runs on the
 * local stage. One definition, so the dev route runs exactly what the schedule runs.
 */
import { randomUUID } from 'node:crypto';
import { startAutoConvert } from '../core/authority/auto-convert';
import { sampleChains, type MetricsSink } from '../core/authority/audit';
import { activateDueRulesets } from '../core/authority/rulesets';
import type { AuthorityPorts } from '../core/authority/work';

export const JOB_NAMES = ['auto-convert', 'ruleset-activation', 'audit-sample'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Holders whose chains the scheduled audit verifies per run. */
export const AUDIT_SAMPLE_SIZE = 200;

export interface JobOptions {
  /** auto-convert only, local dev route only: statuses due at or after this instant. */
  reviewFrom?: Date;
  metrics: MetricsSink;
}

/** Runs a job once at `now`; the answer is a small summary without personal data. */
export async function runJob(name: JobName, ports: AuthorityPorts, now: Date, options: JobOptions): Promise<Record<string, unknown>> {
  const runId = `${name}:${now.toISOString()}:${randomUUID().slice(0, 8)}`;
  switch (name) {
    case 'auto-convert':
      return { job: name, ...(await startAutoConvert(ports, now, runId, options.reviewFrom)) };
    case 'ruleset-activation':
      return { job: name, runId, activated: await activateDueRulesets(ports, now) };
    case 'audit-sample': {
      const result = await sampleChains(ports, options.metrics, AUDIT_SAMPLE_SIZE);
      return { job: name, runId, checked: result.checked, broken: result.broken.length };
    }
  }
}
