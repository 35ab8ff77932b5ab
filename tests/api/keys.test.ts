import { call, client } from '../support/http';
import { keysResponse } from '../../shared/api';
import { profileBody, quietDeclaration, signIn } from '../support/resident-fixtures';
import { sandboxInspector } from '../support/inspector-fixtures';

describe('GET /v1/keys', () => {
  test('lists the self-rotating code-signing keys, the current one and the next, public and cacheable', async () => {
    const res = await call('GET', '/v1/keys');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const body = keysResponse.parse(res.body);
    // The last period's key is listed too for the few minutes after a rotation while its codes live.
    expect(body.keys.length).toBeGreaterThanOrEqual(2);
    for (const key of body.keys) expect(key.kid).toMatch(/^k[0-9a-z]{4}$/);
    expect(body.keys.filter((k) => Date.parse(k.notBefore) <= Date.now() && Date.now() <= Date.parse(k.notAfter))).toHaveLength(1);
    // The next period's key is published before it signs.
    const future = body.keys.filter((k) => Date.parse(k.notBefore) > Date.now());
    expect(future).toHaveLength(1);
    expect(res.text).not.toMatch(/privateKey|seed/);
  });
});

describe('codes never lapse with the dev clock moved years away', () => {
  const SCOPE = 'keys-years';
  afterAll(() => client(SCOPE).resetClock());

  test.each([3, -3])('the clock %i years away: a code is issued, its keys are published, and the gate passes it', async (years) => {
    const api = client(SCOPE);
    const at = new Date(Date.now() + years * 365 * 24 * 3600_000);
    expect((await api.setClock(at)).status).toBeLessThan(300);
    const me = await signIn(SCOPE);
    expect((await me.call('POST', '/v1/resident/profile', profileBody())).status).toBe(201);
    expect((await me.call('POST', '/v1/resident/declarations', quietDeclaration)).status).toBe(201);
    const code = await me.call('GET', '/v1/resident/code');
    expect(code.status).toBe(200);
    const keys = keysResponse.parse((await api.call('GET', '/v1/keys')).body).keys;
    expect(keys.some((k) => Date.parse(k.notBefore) <= at.getTime() && at.getTime() <= Date.parse(k.notAfter))).toBe(true);
    const inspector = await sandboxInspector(['demo-gate'], SCOPE);
    const verdict = await api.call('POST', '/v1/inspector/verifications', { payload: code.body.payload, checkpointId: 'demo-gate' }, { token: inspector.token });
    expect(verdict.body).toMatchObject({ outcome: 'pass', color: 'green' });
  }, 120_000);
});
