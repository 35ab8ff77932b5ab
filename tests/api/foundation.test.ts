import { call, client } from '../support/http';

describe('the local stack over HTTP', () => {
  test('GET /v1/health reports the stage, the version and a reachable table', async () => {
    const res = await call('GET', '/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', stage: 'local', table: { reachable: true } });
    expect(res.body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  test('an unknown route is a problem+json 404', async () => {
    const res = await call('GET', '/v1/no-such-route');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.title).toBe('未找到');
  });

  test('malformed JSON is a 400 and a wrong content type is a 415', async () => {
    const bad = await call('POST', '/v1/dev/clock', '{"now":', { headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
    const wrongType = await call('POST', '/v1/dev/clock', 'now=1', { headers: { 'content-type': 'text/plain' } });
    expect(wrongType.status).toBe(415);
  });

  test('the dev clock moves only its own scope', async () => {
    const a = client('foundation-a');
    const set = await a.setClock('2030-01-02T03:04:05+08:00');
    expect(set.status).toBe(200);
    const moved = await a.call('GET', '/v1/health');
    expect(new Date(moved.body.time).getUTCFullYear()).toBe(2030);
    const other = await client('foundation-b').call('GET', '/v1/health');
    expect(new Date(other.body.time).getUTCFullYear()).toBeLessThan(2030);
    await a.resetClock();
    const back = await a.call('GET', '/v1/health');
    expect(new Date(back.body.time).getUTCFullYear()).toBeLessThan(2030);
  });
});
