import { localDocumentClient } from '../../../scripts/lib/table-admin';
import { dueJobs, rateMs, scheduledJobs, startSchedules, type Schedules } from '../../../scripts/lib/schedules';
import { apiUrl, client } from '../../support/http';

const SCOPE = 'dev-schedules';
// Its own era, so its auto-convert runs (narrowed by reviewFrom) touch no other file's residents.
const ERA = new Date('2033-05-01T00:00:00+08:00');
const api = client(SCOPE);

describe('the schedules serverless.ts deploys', () => {
  test('are read from the job slices, with their rates', () => {
    expect(scheduledJobs().map((j) => [j.name, j.everyMs]).sort()).toEqual([
      ['audit-sample', 3_600_000],
      ['auto-convert', 300_000],
      ['deletion-sweep', 900_000],
      ['ruleset-activation', 300_000],
    ]);
    expect(rateMs('rate(1 day)')).toBe(86_400_000);
    expect(() => rateMs('cron(0 * * * ? *)')).toThrow(/unsupported schedule expression/);
  });

  test('fall due on the clock: never run, rate elapsed, or the clock moved back', () => {
    const jobs = [{ name: 'a', everyMs: 300_000, rate: 'rate(5 minutes)' }, { name: 'b', everyMs: 3_600_000, rate: 'rate(1 hour)' }];
    const t = Date.UTC(2030, 0, 1);
    expect(dueJobs(jobs, new Map(), t).map((j) => j.name)).toEqual(['a', 'b']);
    const last = new Map([['a', t], ['b', t]]);
    expect(dueJobs(jobs, last, t + 299_999).map((j) => j.name)).toEqual([]);
    expect(dueJobs(jobs, last, t + 300_000).map((j) => j.name)).toEqual(['a']);
    expect(dueJobs(jobs, last, t + 86_400_000).map((j) => j.name)).toEqual(['a', 'b']);
    expect(dueJobs(jobs, last, t - 1).map((j) => j.name)).toEqual(['a', 'b']);
  });
});

describe('the local schedule loop against the running stack', () => {
  let schedules: Schedules | undefined;
  const db = localDocumentClient(process.env.DYNAMODB_ENDPOINT!);
  afterAll(async () => {
    await schedules?.stop();
    await api.resetClock();
    db.destroy();
  });

  test('runs each job once, again when the dev clock moves past its rate, and every run says what it did', async () => {
    expect((await api.setClock(ERA)).status).toBe(200);
    // ruleset-activation is left out here: at a clock years ahead it would activate other files' rulesets.
    const jobs = scheduledJobs().filter((j) => j.name !== 'ruleset-activation');
    schedules = startSchedules({ apiUrl: apiUrl(), db, tableName: process.env.TABLE_NAME!, scope: SCOPE, reviewFrom: ERA, jobs, tickMs: 60_000 });
    await schedules.tick();
    expect(schedules.runs.map((r) => r.name).sort()).toEqual(['audit-sample', 'auto-convert', 'deletion-sweep']);
    expect(schedules.runs.every((r) => r.status === 200)).toBe(true);
    const convert = schedules.runs.find((r) => r.name === 'auto-convert')!;
    expect(convert.result).toMatchObject({ job: 'auto-convert', examined: expect.any(Number), converted: expect.any(Number) });
    // The count itself belongs to the shared table (the audit test breaks a chain on purpose, for a
    // moment); that the sample finds breaks is tested by the audit tests. Here: the run reports it.
    expect(schedules.runs.find((r) => r.name === 'audit-sample')!.result).toMatchObject({ checked: expect.any(Number), broken: expect.any(Number) });

    expect(schedules.runs.find((r) => r.name === 'deletion-sweep')!.result).toMatchObject({ job: 'deletion-sweep', found: expect.any(Number), finished: expect.any(Number), unfinished: expect.any(Number) });
    await schedules.tick();
    expect(schedules.runs).toHaveLength(3);

    await api.setClock(new Date(ERA.getTime() + 6 * 60_000));
    await schedules.tick();
    expect(schedules.runs.slice(3).map((r) => r.name)).toEqual(['auto-convert']);

    await api.setClock(new Date(ERA.getTime() + 2 * 3_600_000));
    await schedules.tick();
    expect(schedules.runs.slice(4).map((r) => r.name).sort()).toEqual(['audit-sample', 'auto-convert', 'deletion-sweep']);
  }, 120_000);
});
