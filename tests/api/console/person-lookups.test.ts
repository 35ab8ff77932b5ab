/**
 * Looking a person up from the console over HTTP: a document and a reason give the masked holder,
 * the colour with its reasons and the history; every lookup, found or not, is in the decision log
 * with the official and the reason; each official is limited per minute.
 */
import { call } from '../../support/http';
import { profileBody, quietDeclaration, residentId, signIn } from '../../support/resident-fixtures';
import { LOOKUPS_PER_MINUTE, auditEntry, personLookupResponse } from '../../../shared/api/console';
import { maskDocument } from '../../../shared/mask';

const SCOPE = 'console-person-lookups';
const SLOW_MACHINE_MS = 120_000;

async function official(subject: string): Promise<string> {
  const res = await call('POST', '/v1/console/sessions', { provider: 'sandbox', subject });
  if (res.status !== 200) throw new Error(`sign-in ${subject}: ${res.status} ${res.text}`);
  return res.body.token as string;
}

const lookup = (token: string, documentNumber: string, reason: string) =>
  call('POST', '/v1/console/person-lookups', { documentType: 'resident-id', documentNumber, reason }, { token });

test('a lookup answers masked data with colour, reasons and history, and is in the decision log with the official and the reason', async () => {
  const me = await signIn(SCOPE);
  const profile = profileBody();
  expect((await me.call('POST', '/v1/resident/profile', profile)).status).toBe(201);
  expect((await me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, contactWithCase: true })).body.status.color).toBe('red');
  const viewer = await official('demo-viewer');
  const reason = `12345工单 GD-${Date.now().toString(36)}`;

  const found = await lookup(viewer, profile.documentNumber, reason);
  expect(found.status).toBe(200);
  const parsed = personLookupResponse.parse(found.body);
  if (!parsed.found) throw new Error('the registered resident was not found');
  const answer = parsed;
  expect(answer.holder.maskedDocument).toBe(maskDocument('resident-id', profile.documentNumber));
  expect(answer.holder.maskedName).toContain('*');
  expect(answer.status).toMatchObject({ color: 'red', reasons: [{ code: 'declared-contact' }] });
  expect(answer.history[0]).toMatchObject({ to: 'red', cause: 'declaration' });
  expect(answer.chainOk).toBe(true);
  // Never in clear: the number, the name, the phone.
  for (const secret of [profile.documentNumber, profile.name, profile.phone]) expect(found.text).not.toContain(secret);

  const unknown = residentId();
  const missing = await lookup(viewer, unknown, reason);
  expect(missing.status).toBe(200);
  expect(missing.body).toEqual({ lookupId: expect.stringMatching(/^LK-\d{14}-[0-9a-f]{8}$/), found: false });

  const log = await call('GET', '/v1/console/audit', undefined, { token: viewer });
  expect(log.body.verdict.intact).toBe(true);
  const entries = (log.body.entries as unknown[]).map((e) => auditEntry.parse(e)).filter((e) => e.action === 'person-lookup' && e.lookup?.reason === reason);
  expect(entries.map((e) => [e.proposalId === answer.lookupId, e.proposer.name, e.lookup])).toEqual([
    [false, '演示查看员', { maskedDocument: maskDocument('resident-id', unknown), reason, found: false }],
    [true, '演示查看员', { maskedDocument: answer.holder.maskedDocument, reason, found: true }],
  ]);
  expect(JSON.stringify(log.body)).not.toContain(profile.documentNumber);
}, SLOW_MACHINE_MS);

test('a lookup needs a reason and a console session; the limit per official answers 429 with Retry-After', async () => {
  const admin = await official('demo-admin');
  const noReason = await call('POST', '/v1/console/person-lookups', { documentType: 'resident-id', documentNumber: residentId() }, { token: admin });
  expect(noReason.status).toBe(400);
  expect(noReason.body.errors[0].message).toBe('请填写查询事由，例如12345工单号或流调报告编号');
  expect((await lookup(admin, residentId(), '看')).body.errors[0].message).toContain('至少4个字');
  expect((await call('POST', '/v1/console/person-lookups', { documentType: 'resident-id', documentNumber: residentId(), reason: '12345工单 1' })).status).toBe(401);

  // Within at most two minute windows, the limit is reached.
  let served = 0;
  let limited: Awaited<ReturnType<typeof call<any>>> | undefined;
  for (let i = 0; i < 2 * LOOKUPS_PER_MINUTE + 1 && !limited; i++) {
    const res = await lookup(admin, residentId(), '限频检查 工单 0001');
    if (res.status === 429) limited = res;
    else {
      expect(res.status).toBe(200);
      expect(res.body.found).toBe(false);
      served++;
    }
  }
  expect(limited?.body).toMatchObject({ status: 429, title: '操作过于频繁' });
  expect(limited?.body.detail).toContain(`每分钟最多${LOOKUPS_PER_MINUTE}次`);
  expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(served).toBeGreaterThan(0);
  expect(served).toBeLessThanOrEqual(2 * LOOKUPS_PER_MINUTE);
}, SLOW_MACHINE_MS);
