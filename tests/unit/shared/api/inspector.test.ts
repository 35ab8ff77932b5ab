import {
  CREDENTIAL_LABELS,
  inspectorSessionRequest,
  inspectorSessionResponse,
  keysResponse,
  manualCheckRequestAt,
  manualCheckResponse,
  scansQuery,
  scansResponse,
  verificationRequest,
  verificationResponse,
} from '../../../../shared/api';
import { HUGE, NOW, VALID_ID, WRONG_CHECK_DIGIT_ID, messageAt } from './helpers';

describe('inspectorSessionRequest', () => {
  it('accepts DingTalk with or without corpId, and the sandbox', () => {
    expect(inspectorSessionRequest.parse({ provider: 'dingtalk', authCode: 'c', corpId: 'ding123' })).toEqual({ provider: 'dingtalk', authCode: 'c', corpId: 'ding123' });
    expect(inspectorSessionRequest.parse({ provider: 'dingtalk', authCode: 'c' }).provider).toBe('dingtalk');
    expect(inspectorSessionRequest.parse({ provider: 'sandbox', subject: 'demo-inspector' }).provider).toBe('sandbox');
  });

  it('rejects Alipay, unknown fields and huge values', () => {
    expect(messageAt(inspectorSessionRequest, { provider: 'alipay', authCode: 'c' }, 'provider')).toBe('不支持的登录方式');
    expect(messageAt(inspectorSessionRequest, { provider: 'dingtalk', authCode: 'c', role: 'admin' }, '')).toBe('不支持的字段：role');
    expect(messageAt(inspectorSessionRequest, { provider: 'dingtalk', authCode: 'c', corpId: HUGE }, 'corpId')).toBe('企业编号过长');
  });

  it('response lists checkpoints', () => {
    const body = { token: 't', expiresAt: '2024-06-15T18:00:00+08:00', inspector: { name: '李四', checkpoints: [{ id: 'demo-gate', name: '演示卡口' }] } };
    expect(inspectorSessionResponse.parse(body)).toEqual(body);
  });
});

describe('verificationRequest', () => {
  it('accepts a payload and a checkpoint', () => {
    expect(verificationRequest.parse({ payload: 'HC1:XYZ', checkpointId: 'demo-gate' })).toEqual({ payload: 'HC1:XYZ', checkpointId: 'demo-gate' });
  });

  it('leaves garbage to the codec but refuses empty, huge and extra input', () => {
    expect(verificationRequest.safeParse({ payload: '%%%garbage', checkpointId: 'demo-gate' }).success).toBe(true);
    expect(messageAt(verificationRequest, { payload: '', checkpointId: 'demo-gate' }, 'payload')).toBe('请扫描健康码');
    expect(messageAt(verificationRequest, { payload: HUGE, checkpointId: 'demo-gate' }, 'payload')).toBe('二维码内容过长，不是有效的健康码');
    expect(messageAt(verificationRequest, { payload: 'x', checkpointId: 'gate 1' }, 'checkpointId')).toBe('卡口编号只能包含字母、数字和 . _ : -');
    expect(messageAt(verificationRequest, { payload: 'x', checkpointId: 'g', color: 'green' }, '')).toBe('不支持的字段：color');
  });

  it('response: pass, stop and invalid with a known reason only', () => {
    const holder = { maskedName: '张*', maskedDocument: '1101**********002X' };
    const pass = { outcome: 'pass', color: 'green', holder, issuedAt: '2024-06-15T10:00:00+08:00', checkedAt: '2024-06-15T10:01:00+08:00' };
    expect(verificationResponse.parse(pass)).toEqual(pass);
    expect(verificationResponse.parse({ outcome: 'invalid', reason: 'bad-signature', checkedAt: pass.checkedAt }).reason).toBe('bad-signature');
    expect(verificationResponse.safeParse({ outcome: 'invalid', reason: 'tampered', checkedAt: pass.checkedAt }).success).toBe(false);
    expect(verificationResponse.safeParse({ ...pass, holder: { ...holder, name: '张三' } }).success).toBe(false);
  });
});

describe('manualCheckRequestAt', () => {
  const manual = manualCheckRequestAt(NOW);
  const good = { documentType: 'resident-id', documentNumber: VALID_ID, credential: 'community-pass', temperature: 36.4, checkpointId: 'demo-gate' };

  it('accepts a manual check', () => {
    expect(manual.parse(good)).toEqual(good);
  });

  it('rejects a wrong check digit, temperature 45, an unknown credential and extra fields', () => {
    expect(messageAt(manual, { ...good, documentNumber: WRONG_CHECK_DIGIT_ID }, 'documentNumber')).toBe('身份证号校验位不正确');
    expect(messageAt(manual, { ...good, temperature: 45 }, 'temperature')).toBe('体温应在35.0至42.0℃之间，请重新测量');
    expect(messageAt(manual, { ...good, credential: 'passport' }, 'credential')).toBe('请选择所持证明');
    expect(messageAt(manual, { ...good, outcome: 'pass' }, '')).toBe('不支持的字段：outcome');
  });

  it('labels every credential in Chinese', () => {
    expect(CREDENTIAL_LABELS).toEqual({ 'community-pass': '社区通行证', 'health-certificate': '健康证明', 'work-certificate': '复工证明' });
  });

  it('response', () => {
    expect(manualCheckResponse.parse({ outcome: 'stop', reason: 'fever' })).toEqual({ outcome: 'stop', reason: 'fever' });
    expect(manualCheckResponse.safeParse({ outcome: 'maybe' }).success).toBe(false);
  });
});

describe('scans', () => {
  it('query: both parameters optional, since is a timestamp', () => {
    expect(scansQuery.parse({})).toEqual({});
    expect(scansQuery.parse({ checkpointId: 'demo-gate', since: '2024-06-15T00:00:00+08:00' }).checkpointId).toBe('demo-gate');
    expect(messageAt(scansQuery, { since: 'yesterday' }, 'since')).toBe('时间格式应为带时区的时间，例如2024-03-01T08:00:00+08:00');
  });

  it('response holds masked scans only', () => {
    const entry = { at: '2024-06-15T10:00:00+08:00', checkpointId: 'demo-gate', kind: 'code', outcome: 'pass', color: 'green', holder: { maskedName: '张*', maskedDocument: 'E1*****78' } };
    expect(scansResponse.parse({ scans: [entry] }).scans).toHaveLength(1);
    expect(scansResponse.safeParse({ scans: [{ ...entry, documentNumber: 'E12345678' }] }).success).toBe(false);
  });
});

describe('keysResponse', () => {
  const key = { kid: 'k2024a', alg: 'EdDSA', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', notBefore: '2024-06-01T00:00:00+08:00', notAfter: '2024-09-01T00:00:00+08:00' };

  it('accepts Ed25519 keys in JWK form', () => {
    expect(keysResponse.parse({ keys: [key] })).toEqual({ keys: [key] });
  });

  it('rejects other algorithms, short keys and private parts', () => {
    expect(keysResponse.safeParse({ keys: [{ ...key, alg: 'ES256' }] }).success).toBe(false);
    expect(keysResponse.safeParse({ keys: [{ ...key, x: 'abc' }] }).success).toBe(false);
    expect(keysResponse.safeParse({ keys: [{ ...key, d: key.x }] }).success).toBe(false);
  });
});
