import { readFileSync } from 'node:fs';
import { keysResponse, residentStatus, codeResponse, historyResponse } from '../../../shared/api';
import { keyRingFromKeys, verifyPayload } from '../../../shared/payload';
import { call } from '../../support/http';
import { morning, profileBody, quietDeclaration, signIn, usedPersonalData } from '../../support/resident-fixtures';

const SCOPE = 'resident-walk';
const responses: string[] = [];

describe('the resident path over HTTP (sandbox sign-in, DynamoDB Local)', () => {
  test('profile → declaration → green code → contact with a case → red → 14 days of check-ins → green', async () => {
    const day0 = morning(3);
    const first = await signIn(SCOPE);
    await first.api.setClock(day0);
    let me = await signIn(SCOPE, first.subject);
    expect(me.registered).toBe(false);
    expect(me.accountId).toBe(first.accountId);
    const record = async (p: Promise<{ status: number; text: string; body: any }>) => {
      const res = await p;
      responses.push(res.text);
      return res;
    };

    expect((await record(me.call('GET', '/v1/resident/code'))).status).toBe(409);
    const profile = await record(me.call('POST', '/v1/resident/profile', profileBody()));
    expect(profile.status).toBe(201);
    expect(profile.body.profile.maskedName).toContain('*');

    const declared = await record(me.call('POST', '/v1/resident/declarations', quietDeclaration));
    expect(declared.status).toBe(201);
    expect(residentStatus.parse(declared.body.status).color).toBe('green');

    const code = await record(me.call('GET', '/v1/resident/code'));
    expect(code.status).toBe(200);
    const body = codeResponse.parse(code.body);
    expect(body.color).toBe('green');
    expect(body.svg.startsWith('<svg')).toBe(true);
    const ring = keyRingFromKeys(keysResponse.parse((await call('GET', '/v1/keys')).body));
    expect(verifyPayload(body.payload, ring, day0)).toMatchObject({ ok: true, payload: { color: 'green' } });

    const contact = await record(me.call('POST', '/v1/resident/declarations', { ...quietDeclaration, contactWithCase: true }));
    expect(contact.status).toBe(201);
    expect(contact.body.status.color).toBe('red');
    expect(contact.body.status.clearance).toMatchObject({ checkinsRequired: 14, checkinsDone: 0 });
    expect((await record(me.call('GET', '/v1/resident/code'))).body.color).toBe('red');

    let last: any;
    for (let d = 1; d <= 14; d++) {
      await me.api.setClock(morning(3 + d));
      me = await signIn(SCOPE, first.subject); // a session lasts two hours; each day signs in again
      last = await record(me.call('POST', '/v1/resident/checkins', { temperature: 36.5, symptoms: [] }));
      expect(last.status).toBe(201);
      expect(last.body.streak).toBe(d);
      expect(last.body.status.color).toBe(d < 14 ? 'red' : 'green');
    }
    const status = await record(me.call('GET', '/v1/resident/status'));
    expect(status.body.color).toBe('green');

    const history = historyResponse.parse((await record(me.call('GET', '/v1/resident/history'))).body);
    expect(history.changes.map((c) => [c.from, c.to])).toEqual([['red', 'green'], ['green', 'red'], [null, 'green']]);
    expect(history.changes[1]!.reasons.map((r) => r.code)).toEqual(['declared-contact']);
    await me.api.resetClock();
  }, 120_000);

  test('no clear name, ID number or phone in any response of the walk, nor anywhere in the API log', () => {
    expect(usedPersonalData.size).toBeGreaterThanOrEqual(3);
    const log = readFileSync(process.env.API_LOG_FILE!, 'utf8');
    expect(log.length).toBeGreaterThan(0);
    for (const value of usedPersonalData) {
      expect(log.includes(value)).toBe(false);
      for (const text of responses) expect(text.includes(value)).toBe(false);
    }
  });
});
