import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../functions/adapters/dynamo';
import { keys } from '../../../functions/adapters/keys';
import { rulesetV1 } from '../../../shared/rules/schema';
import { morning, signIn } from '../../support/resident-fixtures';
import { residentId } from '../../support/authority-fixtures';
import { authority, declaredResident, feedId } from './helpers';

const SCOPE = 'authority-audit';
const now = morning(4);
const asAuthority = authority(SCOPE);
const db = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });

beforeAll(async () => {
  await (await signIn(SCOPE)).api.setClock(now);
});
afterAll(async () => {
  await (await signIn(SCOPE)).api.resetClock();
});

describe('audit and rulesets over HTTP', () => {
  test('tampering with one stored history item is detected by the chain check', async () => {
    const me = await declaredResident(SCOPE);
    await asAuthority('POST', '/v1/authority/feeds', { feedId: feedId('audit'), type: 'confirmed', records: [{ documentType: 'resident-id', documentNumber: me.profile.documentNumber, at: now.toISOString() }] });
    const who = { documentType: 'resident-id', documentNumber: me.profile.documentNumber };
    const intact = await asAuthority('POST', '/v1/authority/audit/verify-chain', who);
    expect(intact.status).toBe(200);
    expect(intact.body).toMatchObject({ intact: true });
    expect(intact.body.entries).toBeGreaterThanOrEqual(2);

    const items = await db.send(new QueryCommand({
      TableName: process.env.TABLE_NAME!, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :h)',
      ExpressionAttributeValues: { ':pk': keys.status(me.accountId).PK, ':h': 'HIST#' }, ConsistentRead: true,
    }));
    const red = items.Items!.find((h) => h.to === 'red')!;
    await db.send(new UpdateCommand({ TableName: process.env.TABLE_NAME!, Key: { PK: red.PK, SK: red.SK }, UpdateExpression: 'SET #to = :g', ExpressionAttributeNames: { '#to': 'to' }, ExpressionAttributeValues: { ':g': 'yellow' } }));

    const broken = await asAuthority('POST', '/v1/authority/audit/verify-chain', who);
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ intact: false, brokenAt: red.seq });
    expect(broken.body.detail).toMatch(/断链/);

    const sample = await me.api.call('POST', '/v1/dev/jobs/audit-sample');
    expect(sample.status).toBe(200);
    expect(sample.body).toMatchObject({ job: 'audit-sample' });
    expect(sample.body.checked).toBeGreaterThan(0);
    // Put the item back: other files share this table and sample its chains too.
    await db.send(new UpdateCommand({ TableName: process.env.TABLE_NAME!, Key: { PK: red.PK, SK: red.SK }, UpdateExpression: 'SET #to = :r', ExpressionAttributeNames: { '#to': 'to' }, ExpressionAttributeValues: { ':r': 'red' } }));
    expect((await asAuthority('POST', '/v1/authority/audit/verify-chain', who)).body).toMatchObject({ intact: true });

    expect((await asAuthority('POST', '/v1/authority/audit/verify-chain', { documentType: 'resident-id', documentNumber: residentId() })).status).toBe(404);
  });

  test('a ruleset is validated (400 with every error) and scheduled by its effective date', async () => {
    const bad = await asAuthority('PUT', '/v1/authority/rulesets/9.0.0', { ...rulesetV1, version: '9.0.0', thresholds: { ...rulesetV1.thresholds, red: { days: -1, checkins: 14 } }, extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['thresholds.red.days']));
    for (const e of bad.body.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);

    // Far in the future, so it never becomes active for the other test files sharing this table.
    const version = `9.${Date.now() % 100000}.0`;
    const future = await asAuthority('PUT', `/v1/authority/rulesets/${version}`, { ...rulesetV1, version, effectiveFrom: '2099-01-01T00:00:00+08:00' });
    expect(future.status).toBe(200);
    expect(future.body).toEqual({ version, effectiveFrom: '2099-01-01T00:00:00+08:00', state: 'scheduled' });
  });
});
