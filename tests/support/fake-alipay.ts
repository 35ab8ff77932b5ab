/**
 * A loopback fake of Alipay's OpenAPI gateway (gateway.do): it reads the form-encoded request, and
 * answers in Alipay's format `{ "<method>_response": {...}, "sign": "..." }` (or `error_response`),
 * signing the response body text with an RSA key made for the test (SHA256withRSA, as RSA2).
 */
import { createServer, type Server } from 'node:http';
import { createSign, generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export type FakeAnswer =
  | { kind: 'ok'; body: Record<string, unknown> }
  | { kind: 'error'; body: Record<string, unknown>; asErrorResponse?: boolean }
  | { kind: 'garbage' }
  | { kind: 'hang' }
  | { kind: 'bad-signature'; body: Record<string, unknown> };

export interface FakeAlipay {
  gateway: string;
  /** Keys for the SDK config: the app's private key and the gateway's public key (PEM). */
  appPrivateKey: string;
  alipayPublicKey: string;
  /** Alipay's private key, to sign envelopes such as my.getPhoneNumber's. */
  alipayPrivateKey: string;
  /** What each method answers next. */
  answers: Map<string, FakeAnswer>;
  /** Methods called, in order, with their parameters. */
  calls: { method: string; params: URLSearchParams }[];
  close(): Promise<void>;
}

function rsaKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function signRsa2(content: string, privatePem: string): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privatePem, 'base64');
}

export async function startFakeAlipay(): Promise<FakeAlipay> {
  const app = rsaKeys();
  const alipay = rsaKeys();
  const answers = new Map<string, FakeAnswer>();
  const calls: FakeAlipay['calls'] = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString(); });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const params = new URLSearchParams(raw);
      for (const [k, v] of url.searchParams) params.set(k, v);
      const method = params.get('method') ?? '';
      calls.push({ method, params });
      const answer = answers.get(method) ?? { kind: 'error', body: { code: '40004', msg: 'Business Failed', sub_code: 'isv.unknown', sub_msg: '未配置' } };
      if (answer.kind === 'hang') {
        hanging.add(res);
        return;
      }
      res.setHeader('content-type', 'application/json;charset=utf-8');
      if (answer.kind === 'garbage') {
        res.end('<html>502 Bad Gateway</html>');
        return;
      }
      const key = answer.kind === 'error' && answer.asErrorResponse ? 'error_response' : `${method.replaceAll('.', '_')}_response`;
      const content = JSON.stringify(answer.body);
      const sign = answer.kind === 'bad-signature' ? signRsa2(content + ' ', alipay.privatePem) : signRsa2(content, alipay.privatePem);
      res.end(`{"${key}":${content},"sign":"${sign}"}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    gateway: `http://127.0.0.1:${port}/gateway.do`,
    appPrivateKey: app.privatePem,
    alipayPublicKey: alipay.publicPem,
    alipayPrivateKey: alipay.privatePem,
    answers,
    calls,
    close: () => new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.close(() => resolve());
    }),
  };
}
