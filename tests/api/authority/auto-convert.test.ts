import { signIn, quietDeclaration } from '../../support/resident-fixtures';
import { authority, declaredResident, feedId } from './helpers';

const SCOPE = 'authority-auto-convert';
// This file lives in its own era, so its job runs (narrowed by reviewFrom) touch its residents only.
const ERA = '2031-03-01T00:00:00+08:00';
const at = (day: number, time = '09:00') => `2031-03-${String(day).padStart(2, '0')}T${time}:00+08:00`;
const asAuthority = authority(SCOPE);

afterAll(async () => {
  await (await signIn(SCOPE)).api.resetClock();
});

async function setClock(iso: string) {
  const res = await (await signIn(SCOPE)).api.setClock(iso);
  expect(res.status).toBe(200);
}

test('14 days and 14 daily check-ins: the job turns red green, twice at once converting once; 13 check-ins and a missed day stay red and say what is missing', async () => {
  await setClock(at(1, '08:00'));
  const done = await declaredResident(SCOPE, quietDeclaration);
  const missed = await declaredResident(SCOPE, quietDeclaration);
  const feed = await asAuthority('POST', '/v1/authority/feeds', {
    feedId: feedId('ac'),
    type: 'close-contact',
    records: [done, missed].map((r) => ({ documentType: 'resident-id', documentNumber: r.profile.documentNumber, at: at(1, '07:30'), lastExposureDay: '2031-03-01' })),
  });
  expect(feed.body.affected).toBe(2);

  for (let day = 1; day <= 14; day++) {
    await setClock(at(day));
    for (const resident of day === 7 ? [done] : [done, missed]) {
      const me = await signIn(SCOPE, resident.subject);
      const res = await me.call('POST', '/v1/resident/checkins', { temperature: 36.5, symptoms: [] });
      expect(res.status).toBe(201);
    }
  }
  const beforeJob = await signIn(SCOPE, done.subject);
  expect((await beforeJob.call('GET', '/v1/resident/status')).body.color).toBe('red');
  const historyBefore = (await beforeJob.call('GET', '/v1/resident/history')).body.changes.length;

  await setClock(at(15));
  const job = `/v1/dev/jobs/auto-convert?reviewFrom=${encodeURIComponent(ERA)}`;
  const runs = await Promise.all([0, 1].map(() => beforeJob.api.call('POST', job)));
  expect(runs.map((r) => r.status)).toEqual([200, 200]);
  // The dev clock keeps ticking after it is set: on a loaded machine the job runs seconds later.
  expect(runs[0]!.body).toMatchObject({ job: 'auto-convert', buckets: 16, dueBy: expect.stringMatching(/^2031-03-15T09:0\d:\d\d\+08:00$/) });
  // Each run says what it did: each examined the resident who is due (the other one's review is later),
  // and one of them (or, when both ran in the same millisecond, each) reports the conversion; the
  // history below shows it happened once.
  for (const run of runs) expect(run.body.examined).toBeGreaterThanOrEqual(1);
  expect(runs[0]!.body.converted + runs[1]!.body.converted).toBeGreaterThanOrEqual(1);

  const me = await signIn(SCOPE, done.subject);
  expect((await me.call('GET', '/v1/resident/status')).body).toMatchObject({ color: 'green', reasons: [] });
  const history = (await me.call('GET', '/v1/resident/history')).body.changes;
  expect(history).toHaveLength(historyBefore + 1);
  expect(history[0]).toMatchObject({ from: 'red', to: 'green' });

  const other = await signIn(SCOPE, missed.subject);
  const status = (await other.call('GET', '/v1/resident/status')).body;
  expect(status.color).toBe('red');
  expect(status.clearance).toMatchObject({ checkinsRequired: 14, checkinsDone: 7 });
  expect(status.clearance.message).toContain('还需连续打卡7天');
}, 300_000);

test('an unknown job is a 400 in Chinese', async () => {
  const res = await (await signIn(SCOPE)).api.call('POST', '/v1/dev/jobs/make-green');
  expect(res.status).toBe(400);
  expect(res.body.detail).toMatch(/[\u4e00-\u9fff]/);
});
