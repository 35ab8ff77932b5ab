import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AUTHORITY_HEADERS, Journey, inspectorToken } from '../../scripts/reliability/journey';
import { syntheticPerson } from '../../scripts/reliability/people';
import { logLines, scanTexts } from '../../scripts/reliability/privacy';
import { httpTarget } from '../../scripts/reliability/target';
import { shanghaiDay } from '../../shared/time';
import { maskName } from '../../shared/mask';
import { apiUrl } from '../support/http';

describe('privacy: no clear name, ID number or phone in any answer or log line (fast subset)', () => {
  test('a resident with a dependent, an inspector and an authority leave no clear personal data behind', async () => {
    const run = randomUUID().slice(0, 8);
    const journey = new Journey(httpTarget(apiUrl()), 'reliability-privacy');
    const [owner, other, dependent] = [syntheticPerson(), syntheticPerson(), syntheticPerson()];

    const a = await journey.registeredResident(`privacy-a-${run}`, owner);
    const b = await journey.registeredResident(`privacy-b-${run}`, other);
    // The owner's own profile comes back masked.
    expect(a.profile.profile.maskedName).toBe(maskName(owner.name));
    const depId = await journey.addDependent(a.token, dependent);
    // A dependent gets a code once someone has declared for them, as an account holder does.
    const depDeclared = await journey.send('POST', `/v1/resident/dependents/${depId}/declarations`, {
      token: a.token,
      body: { region: '331102', travel: [], symptoms: [], contactWithCase: false, commitment: true },
    });
    expect(depDeclared.status).toBe(201);
    for (const path of ['/v1/resident/status', '/v1/resident/history', '/v1/resident/dependents', `/v1/resident/dependents/${depId}/status`, `/v1/resident/dependents/${depId}/history`]) {
      expect((await journey.send('GET', path, { token: a.token })).status).toBe(200);
    }
    expect((await journey.send('POST', '/v1/resident/checkins', { token: a.token, body: { temperature: 36.6, symptoms: [] } })).status).toBe(201);

    const inspector = await inspectorToken(`privacy-inspector-${run}`);
    for (const payload of [await journey.code(a.token), await journey.code(a.token, depId), await journey.code(b.token)]) {
      const verified = await journey.send('POST', '/v1/inspector/verifications', { token: inspector, body: { payload, checkpointId: 'demo-gate' } });
      expect(verified.json.outcome).toBe('pass');
    }
    const manual = await journey.send('POST', '/v1/inspector/manual-checks', {
      token: inspector,
      body: { documentType: other.documentType, documentNumber: other.documentNumber, credential: 'community-pass', temperature: 36.5, checkpointId: 'demo-gate' },
    });
    expect(manual.status).toBe(200);
    expect((await journey.send('GET', '/v1/inspector/scans', { token: inspector, query: { checkpointId: 'demo-gate' } })).status).toBe(200);

    const feed = await journey.send('POST', '/v1/authority/feeds', {
      headers: AUTHORITY_HEADERS,
      body: { feedId: `privacy-${run}`, type: 'close-contact', records: [{ documentType: other.documentType, documentNumber: other.documentNumber, at: new Date().toISOString(), lastExposureDay: shanghaiDay(new Date()) }] },
    });
    expect(feed.status).toBe(202);

    const people = [owner, other, dependent];
    const answers = journey.answers.map((r) => ({ where: `${r.request.method} ${r.request.path} → ${r.answer.status}`, text: r.answer.text }));
    expect(scanTexts(answers, people)).toEqual([]);
    const log = readFileSync(process.env.API_LOG_FILE as string, 'utf8');
    expect(log.length).toBeGreaterThan(0);
    expect(scanTexts(logLines(log, 'api.log'), people, { unknownIds: true })).toEqual([]);
  }, 120_000);

  test('the scanner itself finds a clear value, in plain and in JSON-escaped text', () => {
    const person = syntheticPerson();
    const escaped = JSON.stringify({ n: person.name }).replace(/[\u4e00-\u9fff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
    const hits = scanTexts([{ where: 'a', text: `id ${person.documentNumber}` }, { where: 'b', text: escaped }, { where: 'c', text: maskName(person.name) }], [person]);
    expect(hits.map((h) => `${h.where}:${h.what}`)).toEqual(['a:document', 'b:name']);
  });
});
