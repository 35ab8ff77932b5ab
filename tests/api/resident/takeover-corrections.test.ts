/**
 * The owner takes over a document bound as somebody's dependent, with the holder's status and history,
 * including what the former manager declared for them (declared risk is sticky). The owner is not
 * stuck with it: they file a correction (纠错, category not-me) against the inherited declared trigger,
 * two officials decide it, and the former manager can no longer file or see anything for the person.
 */
import { call } from '../../support/http';
import { addDependentVerified, personName, phone, profileBody, quietDeclaration, residentId, signIn } from '../../support/resident-fixtures';
import { LOCAL_AUTHORITY_KEY, LOCAL_REVIEWER_KEY } from '../../../scripts/lib/seed';
import { correctionDecisionResponse, correctionResponse } from '../../../shared/api/corrections';
import { residentStatus } from '../../../shared/api/resident';
import { shanghaiDay } from '../../../shared/time';

const SCOPE = 'resident-takeover-corrections';
const SLOW_MACHINE_MS = 120_000;

test('an inherited declared contact: the owner files a not-me correction, two officials withdraw it, the former manager has no say', async () => {
  const manager = await signIn(SCOPE);
  expect((await manager.call('POST', '/v1/resident/profile', profileBody())).status).toBe(201);
  expect((await manager.call('POST', '/v1/resident/declarations', quietDeclaration)).status).toBe(201);
  const owner = { name: personName(), documentType: 'resident-id', documentNumber: residentId(), phone: phone() };
  const dependent = await addDependentVerified(manager, { name: personName(), documentType: owner.documentType, documentNumber: owner.documentNumber, relation: 'parent' });
  expect(dependent.result.status).toBe(200);
  const declared = await manager.call('POST', `/v1/resident/dependents/${dependent.id}/declarations`, { ...quietDeclaration, contactWithCase: true });
  expect(declared.body.status.color).toBe('red');

  // The owner registers with their own document: the status, with the manager's declared contact, is theirs now.
  const me = await signIn(SCOPE);
  expect((await me.call('POST', '/v1/resident/profile', owner)).status).toBe(201);
  const inherited = residentStatus.parse((await me.call('GET', '/v1/resident/status')).body);
  const today = shanghaiDay(new Date());
  expect(inherited.color).toBe('red');
  expect(inherited.reasons.find((r) => r.code === 'declared-contact')).toMatchObject({ declaredOn: today });
  // Declaring again does not clear it: declared risk is sticky, whoever declared it.
  expect((await me.call('POST', '/v1/resident/declarations', quietDeclaration)).body.status.color).toBe('red');

  // The former manager's access ended: no correction for the person either.
  const theirs = await manager.call('POST', `/v1/resident/dependents/${dependent.id}/corrections`, { trigger: 'declared-contact', declaredOn: today, category: 'declared-by-mistake', text: '代为申报时选错了' });
  expect(theirs.status).toBe(403);

  const filed = await me.call('POST', '/v1/resident/corrections', { trigger: 'declared-contact', declaredOn: today, category: 'not-me', text: '这条接触史是之前代管我的家人申报的，不是本人申报' });
  expect(filed.status).toBe(201);
  const { correction } = correctionResponse.parse(filed.body);
  expect(correction).toMatchObject({ state: 'pending', triggerLabel: '申报的接触史' });

  const decide = (key: string) => call('POST', `/v1/authority/corrections/${correction.id}/decision`, { decision: 'accept', basis: '流调核实：本人无接触史' }, { headers: { 'x-authority-key': key } });
  expect((await decide(LOCAL_AUTHORITY_KEY)).status).toBe(200);
  const confirmed = await decide(LOCAL_REVIEWER_KEY);
  expect(confirmed.status).toBe(200);
  expect(correctionDecisionResponse.parse(confirmed.body).outcome).toEqual({ color: 'green', withdrawnItems: 1 });
  expect((await me.call('GET', '/v1/resident/status')).body.color).toBe('green');
  expect((await me.call('GET', '/v1/resident/corrections')).body.corrections[0]).toMatchObject({ id: correction.id, state: 'accepted' });
}, SLOW_MACHINE_MS);
