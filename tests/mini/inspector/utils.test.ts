/**
 * The inspector app's pure logic: verdict screens, offline verification and the upload queue, the
 * clock check, the manual-check form, the in-person confirmation of a family member, the recent-scans
 * list and the sign-in decisions.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { signPayload } from '../../../shared/payload';
import { generateResidentIdCheckDigit } from '../../../shared/identity';
import { HEADLINES, mayDismiss, offlineMarker, verdictView, type Verdict } from '../../../mini-program/inspector/lib/verdict';
import {
  afterUpload,
  enqueue,
  keysDue,
  measureOffset,
  serverNow,
  serverTimeOf,
  shouldQueue,
  skewWarning,
  verifyOffline,
  MAX_QUEUED_SCANS,
  type KeyCache,
} from '../../../mini-program/inspector/lib/offline';
import { documentHint, manualCheckBody, parseTemperature } from '../../../mini-program/inspector/pages/manual/utils';
import { countOutcomes, scanRows, scansPath, startOfToday } from '../../../mini-program/inspector/pages/recent/utils';
import { NOT_AUTHORISED, preselectedCheckpoint, signInFailure } from '../../../mini-program/inspector/pages/signin/utils';
import { autoContinues, statusView } from '../../../mini-program/inspector/pages/scan/utils';
import { codeHint, confirmationBody, normaliseCode, NOT_CHECKED, refusalOf } from '../../../mini-program/inspector/pages/dependent/utils';
import { resultView } from '../../../mini-program/inspector/pages/result/utils';

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

function keyPair(kid = 'kt1') {
  const seed = ed25519.utils.randomSecretKey();
  const cache: KeyCache = {
    keys: [{ kid, alg: 'EdDSA', crv: 'Ed25519', x: b64url(ed25519.getPublicKey(seed)), notBefore: '2024-01-01T00:00:00Z', notAfter: '2030-01-01T00:00:00Z' }],
    fetchedAt: '2024-03-01T00:00:00Z',
  };
  return { seed, kid, cache };
}

const T = Date.parse('2024-03-01T02:00:00Z') / 1000; // 10:00:00 in Lishui
const holderRef = new Uint8Array(16).fill(7);

describe('verdict screen', () => {
  const base = { kind: 'code' as const, checkedAt: '2024-03-01T02:00:05Z', issuedAt: '2024-03-01T02:00:00Z' };

  it('shows 放行 with ✓ on green and 禁止进入 with ✕ and the colour chip on yellow and red', () => {
    const green = verdictView({ ...base, outcome: 'pass', color: 'green', holder: { maskedName: '*三', maskedDocument: '3****************1' } });
    const yellow = verdictView({ ...base, outcome: 'stop', color: 'yellow' });
    const red = verdictView({ ...base, outcome: 'stop', color: 'red' });
    expect([green.headline, yellow.headline, red.headline]).toEqual(['放行', '禁止进入', '禁止进入']);
    expect([green.mark, yellow.mark, red.mark]).toEqual(['✓', '✕', '✕']);
    expect([green.chipText, yellow.chipText, red.chipText]).toEqual(['', '黄码', '红码']);
    expect(yellow.chipBackground).not.toBe(red.chipBackground);
    expect(green.background).not.toBe(red.background);
    expect(green).toMatchObject({ maskedName: '*三', maskedDocument: '3****************1', issuedAtText: '亮码时间 10:00:00', checkedAtText: '核验时间 10:00:05', offlineMarker: '' });
  });

  it('lets a stray touch leave a pass, but a stop or invalid only by its button after 800 ms', () => {
    expect(mayDismiss('pass', 'screen', 0)).toBe(true);
    for (const outcome of ['stop', 'invalid'] as const) {
      expect(mayDismiss(outcome, 'screen', 5_000)).toBe(false);
      expect(mayDismiss(outcome, 'button', 799)).toBe(false);
      expect(mayDismiss(outcome, 'button', 800)).toBe(true);
    }
  });

  it('gives the three verdicts headlines without a character in common', () => {
    const [pass, stop, invalid] = (['pass', 'stop', 'invalid'] as const).map((o) => new Set(HEADLINES[o]));
    for (const [a, b] of [[pass, stop], [pass, invalid], [stop, invalid]] as const) expect([...a!].filter((c) => b!.has(c))).toEqual([]);
  });

  it('gives each invalid reason a plain sentence', () => {
    const reason = (r: string) => verdictView({ kind: 'code', outcome: 'invalid', reason: r, checkedAt: base.checkedAt }).reasonText;
    expect(reason('expired')).toBe('二维码已过期，请对方刷新');
    expect(reason('bad-signature')).toBe('非本系统健康码');
    expect(reason('unknown-key')).toBe('非本系统健康码');
    expect(reason('malformed')).toBe('二维码无法识别');
    expect(reason('something-new')).toBe('二维码无法识别');
  });

  it('marks offline verdicts with the time the colour is from', () => {
    const view = verdictView({ ...base, outcome: 'pass', color: 'green', offline: true });
    expect(view.offlineMarker).toBe('离线核验 · 颜色为10:00:00时状态');
    expect(offlineMarker('2024-03-01T15:59:59Z')).toBe('离线核验 · 颜色为23:59:59时状态');
  });

  it('offers the next scan in one tap, automatically only after a pass in continuous mode', () => {
    expect(resultView({ ...base, outcome: 'pass', color: 'green' }, false).nextLabel).toBe('扫下一位');
    expect(resultView({ ...base, kind: 'manual', outcome: 'pass' }, false).nextLabel).toBe('核验下一位');
    expect(autoContinues(true, 'pass')).toBe(true);
    expect(autoContinues(true, 'stop')).toBe(false);
    expect(autoContinues(true, 'invalid')).toBe(false);
    expect(autoContinues(false, 'pass')).toBe(false);
  });
});

describe('offline verification', () => {
  const { seed, kid, cache } = keyPair();
  const now = new Date((T + 10) * 1000);

  it('passes a fresh green code and stops a red one, with the payload time', () => {
    const green = signPayload({ color: 'green', issuedAt: T, expiresAt: T + 120, holderRef }, seed, kid);
    const red = signPayload({ color: 'red', issuedAt: T, expiresAt: T + 120, holderRef }, seed, kid);
    expect(verifyOffline(green, cache, now)).toEqual({ kind: 'code', outcome: 'pass', color: 'green', issuedAt: '2024-03-01T02:00:00.000Z', checkedAt: now.toISOString(), offline: true });
    expect(verifyOffline(red, cache, now)).toMatchObject({ outcome: 'stop', color: 'red', offline: true });
  });

  it('refuses expired, foreign, tampered and garbage codes with the codec reasons', () => {
    const old = signPayload({ color: 'green', issuedAt: T - 400, expiresAt: T - 280, holderRef }, seed, kid);
    const foreign = signPayload({ color: 'green', issuedAt: T, expiresAt: T + 120, holderRef }, ed25519.utils.randomSecretKey(), kid);
    const otherKid = signPayload({ color: 'green', issuedAt: T, expiresAt: T + 120, holderRef }, seed, 'zz9');
    expect(verifyOffline(old, cache, now).reason).toBe('expired');
    expect(verifyOffline(foreign, cache, now).reason).toBe('bad-signature');
    expect(verifyOffline(otherKid, cache, now).reason).toBe('unknown-key');
    expect(verifyOffline('hello world', cache, now)).toMatchObject({ outcome: 'invalid', reason: 'malformed' });
  });

  it('cannot judge without keys, and does not queue such a scan', () => {
    const text = signPayload({ color: 'green', issuedAt: T, expiresAt: T + 120, holderRef }, seed, kid);
    const verdict = verifyOffline(text, undefined, now);
    expect(verdict).toMatchObject({ outcome: 'invalid', reason: 'no-keys' });
    expect(shouldQueue(verdict)).toBe(false);
    expect(shouldQueue(verifyOffline(text, cache, now))).toBe(true);
    expect(shouldQueue({ kind: 'code', outcome: 'pass', checkedAt: now.toISOString() } satisfies Verdict)).toBe(false);
  });

  it('refreshes keys when missing or an hour old', () => {
    expect(keysDue(undefined, now)).toBe(true);
    expect(keysDue(cache, new Date('2024-03-01T00:59:59Z'))).toBe(false);
    expect(keysDue(cache, new Date('2024-03-01T01:00:00Z'))).toBe(true);
    expect(keysDue(cache, new Date('2024-02-29T23:00:00Z'))).toBe(true); // clock went backwards
  });
});

describe('clock check', () => {
  it('measures the offset at the middle of the round trip and warns above 30 s', () => {
    const offset = measureOffset('2024-03-01T00:00:40Z', new Date('2024-03-01T00:00:00Z'), new Date('2024-03-01T00:00:01Z'));
    expect(offset).toBe(39_500);
    expect(skewWarning({ offsetMs: offset, measuredAt: '' })).toContain('慢约40秒');
    expect(skewWarning({ offsetMs: -31_000, measuredAt: '' })).toContain('快约31秒');
    expect(skewWarning({ offsetMs: 30_000, measuredAt: '' })).toBe('');
    expect(skewWarning(undefined)).toBe('');
    expect(serverNow(new Date('2024-03-01T00:00:00Z'), { offsetMs: 5000, measuredAt: '' }).toISOString()).toBe('2024-03-01T00:00:05.000Z');
  });

  it('reads the time of a health answer, and nothing else', () => {
    expect(serverTimeOf({ time: '2024-03-01T00:00:00.000Z' })).toBe('2024-03-01T00:00:00.000Z');
    expect(serverTimeOf({ time: 'soon' })).toBeUndefined();
    expect(serverTimeOf(undefined)).toBeUndefined();
  });
});

describe('offline queue', () => {
  const scan = (scanId: string) => ({ scanId, payload: 'LSHC1:X', checkpointId: 'demo-gate', scannedAt: '2024-03-01T02:00:00Z' });

  it('keeps each scan id once and the newest scans when full', () => {
    expect(enqueue(enqueue([], scan('a')), scan('a'))).toHaveLength(1);
    let queue = [scan('first')];
    for (let i = 0; i < MAX_QUEUED_SCANS; i++) queue = enqueue(queue, scan(`s${i}`));
    expect(queue).toHaveLength(MAX_QUEUED_SCANS);
    expect(queue[0]!.scanId).toBe('s0');
  });

  it('drops settled scans after an upload and keeps the rest, including ones queued meanwhile', () => {
    const queue = [scan('a'), scan('b'), scan('c'), scan('d')];
    const answer = {
      recorded: 1,
      duplicates: 1,
      rejected: 1,
      results: [
        { scanId: 'a', status: 'recorded' as const, outcome: 'pass' as const },
        { scanId: 'b', status: 'duplicate' as const },
        { scanId: 'c', status: 'rejected' as const, reason: 'time' },
      ],
    };
    expect(afterUpload(queue, answer).map((s) => s.scanId)).toEqual(['d']);
  });
});

describe('manual check form', () => {
  const now = new Date('2024-03-01T02:00:00Z');
  const first17 = '33110219480307003';
  const id = first17 + generateResidentIdCheckDigit(first17);

  it('checks the document number live, keystroke by keystroke', () => {
    expect(documentHint('resident-id', '', now)).toEqual({ text: '', ok: false });
    expect(documentHint('resident-id', '3311', now)).toEqual({ text: '已输入4位，还差14位', ok: false });
    expect(documentHint('resident-id', id, now)).toEqual({ text: '证件号码有效', ok: true });
    const wrongCheck = first17 + (id.endsWith('1') ? '2' : '1');
    expect(documentHint('resident-id', wrongCheck, now)).toEqual({ text: '身份证号校验位不正确', ok: false });
    expect(documentHint('passport', 'E1', now).ok).toBe(false);
  });

  it('builds the request with the API schema, or a Chinese message per field', () => {
    const good = manualCheckBody({ documentType: 'resident-id', documentNumber: ` ${id.slice(0, 6)} ${id.slice(6)} `, credential: 'community-pass', temperature: '36.5' }, 'demo-gate', now);
    expect(good).toEqual({ ok: true, body: { documentType: 'resident-id', documentNumber: id, credential: 'community-pass', temperature: 36.5, checkpointId: 'demo-gate' } });
    const bad = manualCheckBody({ documentType: 'resident-id', documentNumber: '123', credential: '', temperature: '' }, 'demo-gate', now);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.credential).toBe('请选择所持证明');
      expect(bad.errors.temperature).toBe('请填写体温');
      expect(bad.errors.documentNumber).toMatch(/身份证号/);
    }
    expect(parseTemperature('36，8')).toBe(36.8);
    expect(parseTemperature('abc')).toBeNaN();
  });
});

describe('recent scans', () => {
  const scans = [
    { at: '2024-03-01T02:00:00.000Z', checkpointId: 'demo-gate', kind: 'code' as const, outcome: 'pass' as const, color: 'green' as const, holder: { maskedName: '*三', maskedDocument: '3****************1' } },
    { at: '2024-03-01T01:59:00.000Z', checkpointId: 'demo-gate', kind: 'code' as const, outcome: 'invalid' as const, reason: 'expired' },
    { at: '2024-03-01T01:58:00.000Z', checkpointId: 'demo-gate', kind: 'manual' as const, outcome: 'stop' as const, reason: 'fever' },
    { at: '2024-03-01T01:57:00.000Z', checkpointId: 'demo-gate', kind: 'code' as const, outcome: 'pass' as const, color: 'green' as const, reason: 'offline' },
  ];

  it('counts pass, stop and invalid, and lists masked rows in Lishui time', () => {
    expect(countOutcomes(scans)).toEqual({ pass: 2, stop: 1, invalid: 1 });
    const rows = scanRows(scans);
    expect(rows.map((r) => [r.time, r.outcomeText, r.detail, r.holder])).toEqual([
      ['10:00:00', '放行', '扫码 · 绿码', '*三 3****************1'],
      ['09:59:00', '码无效', '扫码 · 二维码已过期，请对方刷新', ''],
      ['09:58:00', '禁止进入', '人工', ''],
      ['09:57:00', '放行', '离线核验 · 绿码', ''],
    ]);
  });

  it('asks for today in Lishui, not in UTC', () => {
    expect(startOfToday(new Date('2024-03-01T17:00:00Z'))).toBe('2024-03-01T16:00:00.000Z');
    expect(scansPath('demo-gate', '2024-03-01T16:00:00.000Z', 'c/1')).toBe('/v1/inspector/scans?checkpointId=demo-gate&since=2024-03-01T16%3A00%3A00.000Z&limit=100&cursor=c%2F1');
  });
});

describe('sign-in and the main screen', () => {
  it('tells an unauthorised user who they are and whom to ask', () => {
    const failure = signInFailure({ ok: false, kind: 'problem', status: 403, problem: { type: 'about:blank', title: '禁止', status: 403, detail: '您不是授权核验人员' } });
    expect(failure.error).toBe(NOT_AUTHORISED);
    expect(failure.help).toMatch(/联系.*负责人/);
    expect(signInFailure({ ok: false, kind: 'network', message: '网络连接失败，请检查网络后重试' }).error).toBe('网络连接失败，请检查网络后重试');
  });

  it('skips the checkpoint choice when there is one, or the stored one is still granted', () => {
    const a = { id: 'a', name: 'A' };
    const b = { id: 'b', name: 'B' };
    expect(preselectedCheckpoint([a], undefined)).toEqual(a);
    expect(preselectedCheckpoint([a, b], undefined)).toBeUndefined();
    expect(preselectedCheckpoint([a, b], b)).toEqual(b);
    expect(preselectedCheckpoint([a], b)).toEqual(a);
  });

  it('says plainly when scans will be verified offline and how many wait for upload', () => {
    expect(statusView({ online: false, queued: 2, skewWarning: '', hasKeys: true })).toEqual({
      networkText: '网络不通：扫码将离线核验',
      offline: true,
      noKeys: false,
      queuedText: '2条离线核验记录待上传，联网后自动上传',
      skewWarning: '',
    });
    expect(statusView({ online: true, queued: 0, skewWarning: '', hasKeys: true }).queuedText).toBe('');
    // Offline with no key ring: nothing can be verified, and the page never promises offline checks.
    expect(statusView({ online: false, queued: 0, skewWarning: '', hasKeys: false })).toMatchObject({ networkText: '网络不通', offline: true, noKeys: true });
    expect(statusView({ online: true, queued: 0, skewWarning: '', hasKeys: false }).noKeys).toBe(false);
  });
});

describe('in-person confirmation of a family member', () => {
  const problem = (status: number, detail: string) => ({ ok: false as const, kind: 'problem' as const, status, problem: { type: 'about:blank', title: detail, status, detail } });

  test('the code hint counts, refuses misreadable characters and accepts the code however it is typed', () => {
    expect(codeHint('')).toEqual({ text: '', ok: false });
    expect(codeHint('7k3')).toEqual({ text: '已输入3位，还差5位', ok: false });
    expect(codeHint('7K3I')).toEqual({ text: '确认码里没有数字0、1和字母I、O，请再看一下家属手机', ok: false });
    expect(codeHint('7K3#')).toEqual({ text: '确认码里不会有“#”，请再看一下家属手机', ok: false });
    expect(codeHint('7k3m-9qxa')).toEqual({ text: '确认码格式正确', ok: true });
    expect(codeHint('7K3M9QXAB')).toEqual({ text: '确认码只有8位，多输了1位', ok: false });
    expect(normaliseCode(' 7k3m 9qxa ')).toBe('7K3M9QXA');
  });

  test('the body is the API schema’s, and the document check must be ticked', () => {
    const idNumber = (() => {
      const first17 = '33110220240101123';
      return first17 + generateResidentIdCheckDigit(first17);
    })();
    const form = { confirmationCode: '7k3m9qxa', documentType: 'resident-id' as const, documentNumber: idNumber, checked: true };
    expect(confirmationBody(form, 'demo-gate', new Date('2026-12-01T00:00:00Z'))).toEqual({ ok: true, body: { confirmationCode: '7K3M9QXA', documentType: 'resident-id', documentNumber: idNumber, checkpointId: 'demo-gate' } });
    expect(confirmationBody({ ...form, checked: false }, 'demo-gate', new Date('2026-12-01T00:00:00Z'))).toEqual({ ok: false, errors: { checked: NOT_CHECKED } });
  });

  test('every refusal has its own headline and what to do', () => {
    expect(refusalOf(problem(409, '这位家庭成员已由其他家人添加。如有疑问，请拨打12345政务服务热线')).headline).toBe('此人已由其他家人添加');
    expect(refusalOf(problem(409, '这位家庭成员已完成身份验证')).headline).toBe('这位家庭成员已经确认过了');
    expect(refusalOf(problem(409, '该家庭成员已自行申领健康码，请让其本人出示健康码')).headline).toBe('此人已用本人证件自行申领健康码');
    expect(refusalOf(problem(422, '最多可添加5位家庭成员')).headline).toBe('家属名下的家庭成员已满5位');
    expect(refusalOf(problem(422, '确认码或证件不符，请核对证件后重试')).headline).toBe('确认码或证件号码不符');
    expect(refusalOf(problem(401, '登录已过期')).signedOut).toBe(true);
    const invalid = { ...problem(400, '请求内容有误'), problem: { ...problem(400, '请求内容有误').problem, errors: [{ path: 'documentNumber', message: '身份证号校验位不正确' }] } };
    expect(refusalOf(invalid)).toMatchObject({ headline: '填写的内容有误', errors: { documentNumber: '身份证号校验位不正确' } });
    expect(refusalOf({ ok: false, kind: 'network', message: '' }).headline).toBe('网络连接失败，现场确认需要联网');
    expect(refusalOf(problem(503, '服务暂时不可用，请稍后再试')).headline).toBe('服务暂时不可用，请稍后再试');
  });
});
