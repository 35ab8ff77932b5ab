import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../functions/adapters/dynamo';
import { keys } from '../../../functions/adapters/keys';
import { addDays, shanghaiDay } from '../../../shared/time';
import { morning, quietDeclaration, signIn } from '../../support/resident-fixtures';
import { authority, declaredResident } from './helpers';

const SCOPE = 'authority-risk-areas';
const now = morning(2);
const today = shanghaiDay(now);
const asAuthority = authority(SCOPE);
const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
// 岱山县: a county no other test declares, because the risk-area list is global.
const DAISHAN = '330921';
const run = Date.now().toString(36);

/** The list before this file, put back at the end so the global list holds nothing of ours. */
let original: unknown[] = [];
beforeAll(async () => {
  await (await signIn(SCOPE)).api.setClock(now);
  const current = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME!, Key: keys.riskAreasCurrent(), ConsistentRead: true }));
  original = ((current.Item?.areas ?? []) as { until?: string }[]).filter((a) => a.until === undefined);
});
afterAll(async () => {
  await asAuthority('PUT', '/v1/authority/risk-areas', { version: `restore-${run}`, areas: original });
  await (await signIn(SCOPE)).api.resetClock();
});

test('a medium-risk area raised to high turns exactly the people with stays there red, and leaves everyone else untouched', async () => {
  const traveller = await declaredResident(SCOPE, { ...quietDeclaration, travel: [{ region: DAISHAN, from: addDays(today, -4), to: addDays(today, -2) }] });
  const local = await declaredResident(SCOPE, { ...quietDeclaration, region: DAISHAN });
  const elsewhere = await declaredResident(SCOPE, quietDeclaration);

  const medium = await asAuthority('PUT', '/v1/authority/risk-areas', { version: `medium-${run}`, areas: [...original, { region: DAISHAN, level: 'medium', since: addDays(today, -10) }] });
  expect(medium.status).toBe(200);
  expect(medium.body).toEqual({ version: `medium-${run}`, affected: 2 });
  for (const r of [traveller, local]) expect((await r.call('GET', '/v1/resident/status')).body.color).toBe('yellow');

  const untouched = {
    status: (await elsewhere.call('GET', '/v1/resident/status')).body,
    history: (await elsewhere.call('GET', '/v1/resident/history')).body,
  };
  const high = await asAuthority('PUT', '/v1/authority/risk-areas', { version: `high-${run}`, areas: [...original, { region: DAISHAN, level: 'high', since: addDays(today, -5) }] });
  expect(high.status).toBe(200);
  expect(high.body).toEqual({ version: `high-${run}`, affected: 2 });
  for (const r of [traveller, local]) {
    const status = (await r.call('GET', '/v1/resident/status')).body;
    expect(status.color).toBe('red');
    expect(status.reasons.map((x: { code: string }) => x.code)).toContain('high-risk-stay');
    expect((await r.call('GET', '/v1/resident/history')).body.changes[0]).toMatchObject({ from: 'yellow', to: 'red' });
  }
  expect((await elsewhere.call('GET', '/v1/resident/status')).body).toEqual(untouched.status);
  expect((await elsewhere.call('GET', '/v1/resident/history')).body).toEqual(untouched.history);

  const reused = await asAuthority('PUT', '/v1/authority/risk-areas', { version: `high-${run}`, areas: original });
  expect(reused.status).toBe(409);
  const invalid = await asAuthority('PUT', '/v1/authority/risk-areas', { version: `bad-${run}`, areas: [{ region: '331199', level: 'severe', since: today }] });
  expect(invalid.status).toBe(400);
  expect(invalid.body.errors.length).toBeGreaterThanOrEqual(2);
});
