import { call } from '../support/http';
import { keysResponse } from '../../shared/api';

describe('GET /v1/keys', () => {
  test('lists the code-signing public keys, public and cacheable', async () => {
    const res = await call('GET', '/v1/keys');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const body = keysResponse.parse(res.body);
    const configured = JSON.parse(process.env.SECRETS_JSON!).codeKeys as { kid: string }[];
    expect(body.keys.map((k) => k.kid)).toEqual(configured.map((k) => k.kid));
    expect(res.text).not.toMatch(/privateKey|seed/);
  });
});
