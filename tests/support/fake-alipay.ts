/**
 * A loopback fake of Alipay's OpenAPI gateway (gateway.do): it reads the form-encoded request,
 * checks the request's RSA2 signature with the app's public key (a bad one is Alipay's
 * `isv.invalid-signature`), and answers in Alipay's format `{ "<method>_response": {...}, "sign": "..." }`
 * (or `error_response`), signing the response body text with an RSA key made for the test
 * (SHA256withRSA, as RSA2).
 *
 * Identity verification (alipay.user.certify.open.*) is stateful, as Alipay is: `initialize` keeps
 * the CERT_INFO identity and gives a certify id; the client's face step is played by `certify.face`
 * (the person who faced the camera, or `quit`); `query` answers `passed: "T"` only when that person
 * is exactly the identity initialised (name and number), `"F"` otherwise (failed, mismatched name,
 * quit half-way, never done), and `OPEN_CERTIFY_BILL_NOT_EXIST` for an unknown or expired certify id.
 * `certify.openPage(url)` checks a `certify.open.certify` page URL's signature as the gateway would.
 */
import { createServer, type Server } from 'node:http';
import { createSign, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
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
  certify: FakeCertify;
  close(): Promise<void>;
}

/** The CERT_INFO identity of one initialised verification, and what happened at the face step. */
export interface FakeCertifyRecord {
  identity: { identity_type?: string; cert_type?: string; cert_name?: string; cert_no?: string };
  bizCode?: string;
  outerOrderNo?: string;
  step: 'initialised' | 'passed' | 'failed' | 'quit';
  expired: boolean;
}

export interface FakeCertify {
  records: Map<string, FakeCertifyRecord>;
  /** The face step: `person` faced the camera (passes only if exactly the initialised identity), or the user quit half-way. */
  face(certifyId: string, person: { name: string; certNo: string } | 'quit'): void;
  /** Alipay forgets the certify id (it lives about 23 hours). */
  expire(certifyId: string): void;
  /** The certify id inside a `certify.open.certify` page URL, after checking the URL's signature; throws if forged. */
  openPage(url: string): string;
}

/** The signing content of a request: every parameter but `sign`, sorted by name, `k=v` joined by `&`. */
function signingContent(params: URLSearchParams): string {
  return [...params.entries()].filter(([k]) => k !== 'sign').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join('&');
}

function verifiesWith(params: URLSearchParams, publicPem: string): boolean {
  const sign = params.get('sign');
  if (!sign) return false;
  return createVerify('RSA-SHA256').update(signingContent(params), 'utf8').verify(publicPem, sign, 'base64');
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
  const records = new Map<string, FakeCertifyRecord>();
  const bizContent = (params: URLSearchParams): Record<string, unknown> => {
    try {
      return JSON.parse(params.get('biz_content') ?? '{}') as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  /** The built-in, stateful answers of the certify methods (used unless a test set an answer). */
  const certifyAnswer = (method: string, params: URLSearchParams): FakeAnswer | undefined => {
    const biz = bizContent(params);
    if (method === 'alipay.user.certify.open.initialize') {
      const identity = (biz.identity_param ?? {}) as FakeCertifyRecord['identity'];
      if (identity.identity_type !== 'CERT_INFO' || !identity.cert_name || !identity.cert_no || !identity.cert_type) {
        return { kind: 'error', body: { code: '40004', msg: 'Business Failed', sub_code: 'CERT_INFO_INVALID', sub_msg: '身份信息参数不合法' } };
      }
      const certifyId = randomBytes(16).toString('hex');
      records.set(certifyId, { identity, bizCode: String(biz.biz_code ?? ''), outerOrderNo: String(biz.outer_order_no ?? ''), step: 'initialised', expired: false });
      return { kind: 'ok', body: { code: '10000', msg: 'Success', certify_id: certifyId } };
    }
    if (method === 'alipay.user.certify.open.query') {
      const record = records.get(String(biz.certify_id ?? ''));
      if (!record || record.expired) return { kind: 'error', body: { code: '40004', msg: 'Business Failed', sub_code: 'OPEN_CERTIFY_BILL_NOT_EXIST', sub_msg: '无效的certify_id' } };
      return { kind: 'ok', body: { code: '10000', msg: 'Success', passed: record.step === 'passed' ? 'T' : 'F', identity_info: '{}', material_info: '{}' } };
    }
    return undefined;
  };
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
      const forged: FakeAnswer | undefined = verifiesWith(params, app.publicPem)
        ? undefined
        : { kind: 'error', asErrorResponse: true, body: { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature', sub_msg: '验签出错' } };
      const answer = forged ?? answers.get(method) ?? certifyAnswer(method, params) ?? { kind: 'error', body: { code: '40004', msg: 'Business Failed', sub_code: 'isv.unknown', sub_msg: '未配置' } };
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
    certify: {
      records,
      face(certifyId, person) {
        const record = records.get(certifyId);
        if (!record) throw new Error(`unknown certify id ${certifyId}`);
        if (person === 'quit') record.step = 'quit';
        else record.step = person.name === record.identity.cert_name && person.certNo === record.identity.cert_no ? 'passed' : 'failed';
      },
      expire(certifyId) {
        const record = records.get(certifyId);
        if (record) record.expired = true;
      },
      openPage(url) {
        const params = new URL(url).searchParams;
        if (params.get('method') !== 'alipay.user.certify.open.certify' || !verifiesWith(params, app.publicPem)) throw new Error('page URL not signed by the app');
        return String(bizContent(params).certify_id ?? '');
      },
    },
    close: () => new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.close(() => resolve());
    }),
  };
}
