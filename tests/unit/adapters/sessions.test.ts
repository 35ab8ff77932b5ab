/** Session tokens: a verified token is remembered, but never past its expiry or with another signature. */
import { SignJWT } from 'jose';
import { issueSession, verifySession } from '../../../functions/adapters/sessions';

const t0 = new Date('2026-05-01T08:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('verifySession', () => {
  test('a token verified once keeps answering the same session until it expires, then says so', async () => {
    const { token } = await issueSession({ sub: 'sandbox:gate-1', role: 'inspector', checkpoints: ['gate-a'] }, t0);
    const first = await verifySession(token, at(10));
    expect(first).toMatchObject({ sub: 'sandbox:gate-1', role: 'inspector', checkpoints: ['gate-a'] });
    // A caller changing its copy changes nothing for the next request.
    first.checkpoints!.push('gate-b');
    expect((await verifySession(token, at(20))).checkpoints).toEqual(['gate-a']);
    // Inspector tokens live 12 hours.
    expect(await verifySession(token, at(12 * 3600 - 1))).toMatchObject({ sub: 'sandbox:gate-1' });
    await expect(verifySession(token, at(12 * 3600))).rejects.toMatchObject({ status: 401, message: '登录已过期，请重新登录' });
    await expect(verifySession(token, at(13 * 3600))).rejects.toMatchObject({ status: 401 });
  });

  test('a token with one character changed is refused even after the original was verified', async () => {
    const { token } = await issueSession({ sub: 'acct-1', role: 'resident' }, t0);
    await verifySession(token, at(1));
    const [header, payload, signature] = token.split('.');
    const flipped = `${header}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(verifySession(flipped, at(2))).rejects.toMatchObject({ status: 401 });
  });

  test('a token signed with another key is refused', async () => {
    const forged = await new SignJWT({ role: 'authority' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('lishui-health-code')
      .setIssuedAt(t0.getTime() / 1000)
      .setExpirationTime(t0.getTime() / 1000 + 3600)
      .sign(new Uint8Array(32).fill(7));
    await expect(verifySession(forged, at(1))).rejects.toMatchObject({ status: 401, message: '登录凭证无效，请重新登录' });
  });
});
