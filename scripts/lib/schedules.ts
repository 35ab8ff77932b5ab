/**
 * The scheduled jobs on the local stack. On AWS, EventBridge runs each job on the rate its slice in
 * functions/jobs gives; locally this loop does, on the same rates, measured on the dev clock: moving
 * the clock past a job's next run runs it at the next tick (a second at most), as if the time had
 * passed. Jobs run through POST /v1/dev/jobs/{name}, exactly what the schedule runs.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsOnlyFunctions } from '../../functions/routes';
import { devClock } from '../../functions/adapters/clock';

export interface ScheduledJob {
  /** The job's name in functions/jobs/catalog.ts (and the dev route). */
  name: string;
  /** Milliseconds between runs. */
  everyMs: number;
  /** The schedule expression as serverless.ts deploys it. */
  rate: string;
}

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** `rate(5 minutes)` → 300000. Cron expressions are not used by this project and are refused. */
export function rateMs(expression: string): number {
  const match = /^rate\((\d+)\s+(minute|hour|day)s?\)$/.exec(expression.trim());
  if (!match) throw new Error(`unsupported schedule expression "${expression}" (only rate(N minutes|hours|days))`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

type Slice = { handler: string; events?: Array<{ schedule?: { rate: string[]; enabled?: boolean } }> };

/**
 * Every scheduled job of the registry with its rate. The job name is the handler's export in
 * kebab case (`functions/jobs/scheduled.autoConvert` → `auto-convert`), so a new scheduled slice
 * is picked up without editing this file.
 */
export function scheduledJobs(slices: Record<string, Slice> = awsOnlyFunctions as Record<string, Slice>): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  for (const slice of Object.values(slices)) {
    for (const event of slice.events ?? []) {
      if (!event.schedule || event.schedule.enabled === false) continue;
      const exportName = slice.handler.split('.').pop() ?? '';
      const name = exportName.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      for (const rate of event.schedule.rate) jobs.push({ name, rate, everyMs: rateMs(rate) });
    }
  }
  return jobs;
}

export interface JobRun {
  name: string;
  /** The dev-clock instant it ran at. */
  at: Date;
  status: number;
  result: Record<string, unknown>;
}

export interface ScheduleOptions {
  apiUrl: string;
  db: DynamoDBDocumentClient;
  tableName: string;
  /** The dev clock scope the jobs run at (default: the global clock, as npm start moves it). */
  scope?: string;
  /** How often to look at the clock, in real milliseconds (default 1000). */
  tickMs?: number;
  /** auto-convert only: statuses due from this instant on (tests that live in their own era). */
  reviewFrom?: Date;
  jobs?: ScheduledJob[];
  onRun?: (run: JobRun) => void;
  onError?: (name: string, error: unknown) => void;
}

export interface Schedules {
  readonly runs: readonly JobRun[];
  /** One look at the clock, running what is due; resolves when those runs are done. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** The jobs due at `now`, given when each last ran (none yet: due). A clock moved back restarts the count. */
export function dueJobs(jobs: readonly ScheduledJob[], lastRun: ReadonlyMap<string, number>, now: number): ScheduledJob[] {
  return jobs.filter((job) => {
    const last = lastRun.get(job.name);
    return last === undefined || now < last || now - last >= job.everyMs;
  });
}

export function startSchedules(options: ScheduleOptions): Schedules {
  const jobs = options.jobs ?? scheduledJobs();
  const lastRun = new Map<string, number>();
  const runs: JobRun[] = [];
  let running: Promise<void> | undefined;
  let stopped = false;

  const runOne = async (job: ScheduledJob, at: Date) => {
    const query = job.name === 'auto-convert' && options.reviewFrom ? `?reviewFrom=${encodeURIComponent(options.reviewFrom.toISOString())}` : '';
    const res = await fetch(`${options.apiUrl}/v1/dev/jobs/${job.name}${query}`, {
      method: 'POST',
      headers: options.scope ? { 'x-dev-clock-scope': options.scope } : {},
    });
    const result = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    const run = { name: job.name, at, status: res.status, result };
    runs.push(run);
    if (res.status !== 200) throw new Error(`job ${job.name} answered ${res.status}: ${JSON.stringify(result)}`);
    options.onRun?.(run);
  };

  const tick = async () => {
    if (stopped) return;
    const now = (await devClock.resolve(options.db, options.tableName, options.scope ?? 'global')).now();
    for (const job of dueJobs(jobs, lastRun, now.getTime())) {
      if (stopped) return;
      // Counted from this run's clock, even if it fails: a failing job is retried on its next slot, not every second.
      lastRun.set(job.name, now.getTime());
      await runOne(job, now).catch((err: unknown) => options.onError?.(job.name, err));
    }
  };

  // One tick at a time: a long run delays the next look at the clock instead of overlapping it.
  const guarded = () => {
    if (!running) running = tick().catch((err: unknown) => options.onError?.('clock', err)).finally(() => { running = undefined; });
    return running;
  };
  const timer = setInterval(() => void guarded(), options.tickMs ?? 1000);
  timer.unref();

  return {
    runs,
    tick: async () => {
      await running;
      await guarded();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
