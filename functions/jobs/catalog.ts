/**
 * The scheduled jobs, by name: what EventBridge runs on AWS and `POST /v1/dev/jobs/{name}` runs on the
 * local stage. One definition, so the dev route runs exactly what the schedule runs.
 */
import { randomUUID } from 'node:crypto';
import { startAutoConvert } from '../core/authority/auto-convert';
import { sampleChains, type MetricsSink } from '../core/authority/audit';
import { activateDueRulesets } from '../core/authority/rulesets';
import { processWork } from '../core/authority/process';
import type { AuthorityPorts, WorkMessage } from '../core/authority/work';
import { sweepDeletions, type DeletionPorts } from '../core/resident/deletion';
import { inlineQueue } from '../adapters/queue';

export const JOB_NAMES = ['auto-convert', 'ruleset-activation', 'audit-sample', 'deletion-sweep'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Holders whose chains the scheduled audit verifies per run. */
export const AUDIT_SAMPLE_SIZE = 200;

export interface JobOptions {
  /** auto-convert only, local dev route only: statuses due at or after this instant. */
  reviewFrom?: Date;
  metrics: MetricsSink;
  /** The resident store the deletion sweep finishes half-erased accounts with. */
  erasure: DeletionPorts;
}

/**
 * Counts the re-evaluations a run causes. With the inline queue (local stage) they all happen before
 * the run returns, so its answer can say what it did; on AWS the worker does them later.
 */
function counting(ports: AuthorityPorts): { ports: AuthorityPorts; done: () => Record<string, number> } {
  if (!ports.queue.inline) return { ports, done: () => ({}) };
  let examined = 0;
  let converted = 0;
  const counted: AuthorityPorts = {
    ...ports,
    // Messages are processed with these ports, so the re-evaluations they cause are counted too.
    queue: inlineQueue<WorkMessage>((message) => processWork(counted, message).then(() => undefined)),
    reevaluate: async (holderId, cause, at) => {
      const status = await ports.reevaluate(holderId, cause, at);
      examined++;
      // holder-state moves `since` to the evaluation instant exactly when the colour changes.
      if (status && status.since === status.evaluatedAt) converted++;
      return status;
    },
  };
  return { ports: counted, done: () => ({ examined, converted }) };
}

/** Runs a job once at `now`; the answer is a small summary without personal data. */
export async function runJob(name: JobName, basePorts: AuthorityPorts, now: Date, options: JobOptions): Promise<Record<string, unknown>> {
  const runId = `${name}:${now.toISOString()}:${randomUUID().slice(0, 8)}`;
  const { ports, done } = counting(basePorts);
  switch (name) {
    case 'auto-convert':
      return { job: name, ...(await startAutoConvert(ports, now, runId, options.reviewFrom)), ...done() };
    case 'ruleset-activation':
      return { job: name, runId, activated: await activateDueRulesets(ports, now), ...done() };
    case 'audit-sample': {
      const result = await sampleChains(ports, options.metrics, AUDIT_SAMPLE_SIZE);
      return { job: name, runId, checked: result.checked, broken: result.broken.length };
    }
    case 'deletion-sweep':
      return { job: name, runId, ...(await sweepDeletions(options.erasure, now)) };
  }
}
