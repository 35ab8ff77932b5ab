import {
  SYMPTOMS,
  SYMPTOM_LABELS,
  RELATIONS,
  RELATION_LABELS,
  checkinRequest,
  checkinResponse,
  codeResponse,
  declarationRequestAt,
  dependentRequestAt,
  dependentsResponse,
  historyResponse,
  profileRequestAt,
  profileResponse,
  residentSessionRequest,
  residentSessionResponse,
  residentStatus,
} from '../../../../shared/api';
import { generateResidentIdCheckDigit } from '../../../../shared/identity';
import { HUGE, NOW, VALID_ID, WRONG_CHECK_DIGIT_ID, issuesOf, messageAt } from './helpers';

const profile = profileRequestAt(NOW);
const declaration = declarationRequestAt(NOW);
const dependent = dependentRequestAt(NOW);

const goodProfile = { name: '张三', documentType: 'resident-id', documentNumber: VALID_ID, phone: '13812345678' };
const goodDeclaration = {
  region: '331102',
  travel: [{ region: '330100', from: '2024-06-08', to: '2024-06-10' }],
  symptoms: [],
  temperature: 36.5,
  contactWithCase: false,
  commitment: true,
};
const goodStatus = {
  color: 'yellow',
  since: '2024-06-14T09:00:00+08:00',
  evaluatedAt: '2024-06-15T10:00:00+08:00',
  rulesetVersion: '1.0.0',
  reasons: [{ code: 'fever-or-symptoms', message: '申报或打卡时有发热或症状' }],
  clearance: {
    earliestAt: '2024-06-21T00:00:00+08:00',
    quarantineUntil: '2024-06-21T00:00:00+08:00',
    checkinsRequired: 7,
    checkinsDone: 1,
    message: '还需连续打卡6天',
  },
};

describe('residentSessionRequest', () => {
  it('accepts Alipay and sandbox sign-ins', () => {
    expect(residentSessionRequest.parse({ provider: 'alipay', authCode: 'abc123' })).toEqual({ provider: 'alipay', authCode: 'abc123' });
    expect(residentSessionRequest.parse({ provider: 'sandbox', subject: 'resident-1' }).provider).toBe('sandbox');
  });

  it('rejects other providers, fields of the other provider and huge codes', () => {
    expect(messageAt(residentSessionRequest, { provider: 'wechat', authCode: 'a' }, 'provider')).toBe('不支持的登录方式');
    expect(messageAt(residentSessionRequest, { provider: 'alipay', authCode: 'a', subject: 'x' }, '')).toBe('不支持的字段：subject');
    expect(messageAt(residentSessionRequest, { provider: 'alipay', authCode: HUGE }, 'authCode')).toBe('授权码过长');
    expect(messageAt(residentSessionRequest, { provider: 'alipay' }, 'authCode')).toBe('缺少授权码，请重新登录');
  });
});

describe('residentSessionResponse', () => {
  it('accepts a session with a prefill and rejects unknown fields', () => {
    const body = { token: 't', expiresAt: '2024-06-15T12:00:00+08:00', registered: false, prefill: { name: '张三', phone: '13812345678' } };
    expect(residentSessionResponse.parse(body)).toEqual(body);
    expect(residentSessionResponse.safeParse({ ...body, prefill: { ...body.prefill, certNo: VALID_ID } }).success).toBe(false);
    expect(residentSessionResponse.safeParse({ ...body, expiresAt: '2024-06-15 12:00' }).success).toBe(false);
  });
});

describe('profileRequestAt', () => {
  it('accepts a good profile and normalises the document number and the phone', () => {
    expect(profile.parse({ ...goodProfile, documentNumber: '１１０１０５19491231002x', phone: '+86 138-1234-5678' })).toEqual(goodProfile);
  });

  it('rejects a wrong check digit with the identity message at documentNumber', () => {
    expect(messageAt(profile, { ...goodProfile, documentNumber: WRONG_CHECK_DIGIT_ID }, 'documentNumber')).toBe('身份证号校验位不正确');
  });

  it('checks the number against its document type', () => {
    expect(messageAt(profile, { ...goodProfile, documentType: 'passport', documentNumber: 'E1' }, 'documentNumber')).toBe(
      '护照号码应为5至17位字母或数字',
    );
    expect(profile.parse({ ...goodProfile, documentType: 'hk-macau-permit', documentNumber: 'h12345678' }).documentNumber).toBe('H12345678');
    expect(messageAt(profile, { ...goodProfile, documentType: 'id-card' }, 'documentType')).toBe('请选择证件类型');
  });

  it('uses now for the birth date', () => {
    const id = '11010520240616001' + generateResidentIdCheckDigit('11010520240616001');
    expect(profileRequestAt(new Date('2024-06-17T00:00:00+08:00')).safeParse({ ...goodProfile, documentNumber: id }).success).toBe(true);
    expect(messageAt(profile, { ...goodProfile, documentNumber: id }, 'documentNumber')).toBe('出生日期不能晚于今天');
  });

  it('rejects unknown fields', () => {
    expect(messageAt(profile, { ...goodProfile, role: 'authority' }, '')).toBe('不支持的字段：role');
  });

  it('reports every problem at once, the identity one included', () => {
    expect(issuesOf(profile, { name: '', documentType: 'resident-id', documentNumber: WRONG_CHECK_DIGIT_ID, phone: '12' })).toEqual([
      { path: 'name', message: '请填写姓名' },
      { path: 'phone', message: '请填写11位手机号码' },
      { path: 'documentNumber', message: '身份证号校验位不正确' },
    ]);
  });

  it('rejects names with digits or symbols, and names or numbers that are too long', () => {
    expect(messageAt(profile, { ...goodProfile, name: '张三<script>' }, 'name')).toBe('姓名不能包含数字或符号');
    expect(messageAt(profile, { ...goodProfile, name: '张'.repeat(51) }, 'name')).toBe('姓名不能超过50个字');
    expect(messageAt(profile, { ...goodProfile, name: HUGE }, 'name')).toBe('姓名不能超过50个字');
    expect(messageAt(profile, { ...goodProfile, documentNumber: HUGE }, 'documentNumber')).toBe('证件号码过长，请核对');
    expect(messageAt(profile, { ...goodProfile, phone: HUGE }, 'phone')).toBe('请填写11位手机号码');
    expect(profile.parse({ ...goodProfile, name: ' 买买提·艾力 ' }).name).toBe('买买提·艾力');
    expect(profile.parse({ ...goodProfile, name: "Mary O'Neil-Smith" }).name).toBe("Mary O'Neil-Smith");
  });

  it('accepts mainland mobiles only', () => {
    expect(messageAt(profile, { ...goodProfile, phone: '12812345678' }, 'phone')).toBe('请填写11位手机号码');
    expect(messageAt(profile, { ...goodProfile, phone: '0578-2123456' }, 'phone')).toBe('请填写11位手机号码');
  });
});

describe('profileResponse', () => {
  it('holds masked values only', () => {
    const body = { profile: { maskedName: '张*', documentType: 'resident-id', maskedDocument: '1101**********002X', maskedPhone: '138****5678' } };
    expect(profileResponse.parse(body)).toEqual(body);
    expect(profileResponse.safeParse({ profile: { ...body.profile, name: '张三' } }).success).toBe(false);
  });
});

describe('declarationRequestAt', () => {
  it('accepts a good declaration, with or without travel and temperature', () => {
    expect(declaration.parse(goodDeclaration)).toEqual(goodDeclaration);
    const { temperature: _t, ...withoutTemperature } = goodDeclaration;
    expect(declaration.parse({ ...withoutTemperature, travel: [] }).travel).toEqual([]);
  });

  it('refuses a missing or false pledge', () => {
    const { commitment: _c, ...withoutPledge } = goodDeclaration;
    expect(messageAt(declaration, withoutPledge, 'commitment')).toBe('请勾选本人郑重承诺');
    expect(messageAt(declaration, { ...goodDeclaration, commitment: false }, 'commitment')).toBe('请勾选本人郑重承诺');
    expect(messageAt(declaration, { ...goodDeclaration, commitment: 'true' }, 'commitment')).toBe('请勾选本人郑重承诺');
  });

  it('refuses temperatures outside 35.0–42.0', () => {
    for (const temperature of [45, 34.9, 42.1]) {
      expect(messageAt(declaration, { ...goodDeclaration, temperature }, 'temperature')).toBe('体温应在35.0至42.0℃之间，请重新测量');
    }
    expect(declaration.parse({ ...goodDeclaration, temperature: 42 }).temperature).toBe(42);
    expect(declaration.parse({ ...goodDeclaration, temperature: 35 }).temperature).toBe(35);
    expect(messageAt(declaration, { ...goodDeclaration, temperature: '37' }, 'temperature')).toBe('体温应填写数字');
  });

  it('refuses a stay that ended 30 days ago, and takes one that ended 14 days ago', () => {
    const old = { region: '420100', from: '2024-05-10', to: '2024-05-16' };
    expect(messageAt(declaration, { ...goodDeclaration, travel: [old] }, 'travel.0.to')).toBe('只需填写最近14天内的行程');
    const fifteen = { region: '420100', from: '2024-05-30', to: '2024-05-31' };
    expect(messageAt(declaration, { ...goodDeclaration, travel: [fifteen] }, 'travel.0.to')).toBe('只需填写最近14天内的行程');
    const fourteen = { region: '420100', from: '2024-05-20', to: '2024-06-01' };
    expect(declaration.parse({ ...goodDeclaration, travel: [fourteen] }).travel).toEqual([fourteen]);
  });

  it('refuses stays in the future, upside-down stays and impossible dates', () => {
    expect(messageAt(declaration, { ...goodDeclaration, travel: [{ region: '331102', from: '2024-06-14', to: '2024-06-16' }] }, 'travel.0.to')).toBe(
      '结束日期不能晚于今天',
    );
    expect(declaration.parse({ ...goodDeclaration, travel: [{ region: '331102', from: '2024-06-14', to: '2024-06-15' }] }).travel).toHaveLength(1);
    expect(messageAt(declaration, { ...goodDeclaration, travel: [{ region: '331102', from: '2024-06-12', to: '2024-06-10' }] }, 'travel.0.from')).toBe(
      '开始日期不能晚于结束日期',
    );
    expect(messageAt(declaration, { ...goodDeclaration, travel: [{ region: '331102', from: '2022-06-01', to: '2024-06-10' }] }, 'travel.0.from')).toBe(
      '开始日期过早，请核对',
    );
    expect(messageAt(declaration, { ...goodDeclaration, travel: [{ region: '331102', from: '2024-02-30', to: '2024-06-10' }] }, 'travel.0.from')).toBe(
      '日期格式应为年-月-日，例如2024-03-01',
    );
    expect(messageAt(declaration, { ...goodDeclaration, travel: [{ region: '331102', from: '2024/06/01', to: '2024-06-10' }] }, 'travel.0.from')).toBe(
      '日期格式应为年-月-日，例如2024-03-01',
    );
  });

  it('counts days in Asia/Shanghai: at 00:30 on 16 June (16:30 UTC on the 15th), the 16th is today', () => {
    const justAfterMidnight = declarationRequestAt(new Date('2024-06-15T16:30:00Z'));
    const stay = { region: '331102', from: '2024-06-16', to: '2024-06-16' };
    expect(justAfterMidnight.safeParse({ ...goodDeclaration, travel: [stay] }).success).toBe(true);
    expect(messageAt(declaration, { ...goodDeclaration, travel: [stay] }, 'travel.0.to')).toBe('结束日期不能晚于今天');
  });

  it('caps travel at 30 stays', () => {
    const stay = { region: '331102', from: '2024-06-10', to: '2024-06-10' };
    expect(declaration.safeParse({ ...goodDeclaration, travel: Array(30).fill(stay) }).success).toBe(true);
    expect(messageAt(declaration, { ...goodDeclaration, travel: Array(31).fill(stay) }, 'travel')).toBe('行程最多填写30条');
  });

  it('checks regions against GB/T 2260', () => {
    expect(messageAt(declaration, { ...goodDeclaration, region: '331199' }, 'region')).toBe('地区码不正确，请重新选择地区');
    expect(messageAt(declaration, { ...goodDeclaration, region: '3311' }, 'region')).toBe('地区码应为6位数字');
    expect(messageAt(declaration, { ...goodDeclaration, region: HUGE }, 'region')).toBe('地区码应为6位数字');
    expect(messageAt(declaration, { ...goodDeclaration, travel: [{ region: '990000', from: '2024-06-10', to: '2024-06-10' }] }, 'travel.0.region')).toBe(
      '地区码不正确，请重新选择地区',
    );
  });

  it('accepts listed symptoms once each, and nothing else', () => {
    expect(declaration.parse({ ...goodDeclaration, symptoms: ['fever', 'cough'] }).symptoms).toEqual(['fever', 'cough']);
    expect(messageAt(declaration, { ...goodDeclaration, symptoms: ['headache'] }, 'symptoms.0')).toBe('请从列表中选择症状');
    expect(messageAt(declaration, { ...goodDeclaration, symptoms: ['cough', 'cough'] }, 'symptoms')).toBe('症状不能重复');
    expect(messageAt(declaration, { ...goodDeclaration, symptoms: Array(10_000).fill('cough') }, 'symptoms')).toBe('症状不能重复');
  });

  it('rejects unknown fields, such as a colour', () => {
    expect(messageAt(declaration, { ...goodDeclaration, color: 'green' }, '')).toBe('不支持的字段：color');
    expect(messageAt(declaration, { ...goodDeclaration, travel: [{ region: '331102', from: '2024-06-10', to: '2024-06-10', note: 'x' }] }, 'travel.0')).toBe(
      '不支持的字段：note',
    );
  });

  it('asks about contact with a case', () => {
    expect(messageAt(declaration, { ...goodDeclaration, contactWithCase: 'no' }, 'contactWithCase')).toBe('请选择是否接触过确诊或疑似病例');
  });
});

describe('symptom and relation labels', () => {
  it('has a Chinese label for every symptom and relation', () => {
    for (const symptom of SYMPTOMS) expect(SYMPTOM_LABELS[symptom]).toMatch(/^[\u4e00-\u9fff]+$/);
    for (const relation of RELATIONS) expect(RELATION_LABELS[relation]).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(SYMPTOM_LABELS['loss-of-smell']).toBe('嗅觉味觉减退');
  });
});

describe('checkinRequest', () => {
  it('accepts a check-in and refuses a temperature of 45 or a missing one', () => {
    expect(checkinRequest.parse({ temperature: 36.6, symptoms: [] })).toEqual({ temperature: 36.6, symptoms: [] });
    expect(messageAt(checkinRequest, { temperature: 45, symptoms: [] }, 'temperature')).toBe('体温应在35.0至42.0℃之间，请重新测量');
    expect(messageAt(checkinRequest, { symptoms: [] }, 'temperature')).toBe('请填写体温');
    expect(messageAt(checkinRequest, { temperature: 36.6 }, 'symptoms')).toBe('请选择症状，没有症状时留空');
    expect(messageAt(checkinRequest, { temperature: 36.6, symptoms: [], day: '2024-06-01' }, '')).toBe('不支持的字段：day');
  });
});

describe('dependentRequestAt', () => {
  const goodDependent = { name: '张小三', documentType: 'resident-id', documentNumber: VALID_ID, relation: 'child' };

  it('accepts a dependent and rejects a wrong check digit, an unknown relation and extra fields', () => {
    expect(dependent.parse(goodDependent)).toEqual(goodDependent);
    expect(messageAt(dependent, { ...goodDependent, documentNumber: WRONG_CHECK_DIGIT_ID }, 'documentNumber')).toBe('身份证号校验位不正确');
    expect(messageAt(dependent, { ...goodDependent, relation: 'friend' }, 'relation')).toBe('请选择与本人的关系');
    expect(messageAt(dependent, { ...goodDependent, phone: '13812345678' }, '')).toBe('不支持的字段：phone');
  });
});

describe('responses', () => {
  it('status: accepts a full status and rejects unknown colours and fields', () => {
    expect(residentStatus.parse(goodStatus)).toEqual(goodStatus);
    const { clearance: _c, ...green } = { ...goodStatus, color: 'green', reasons: [] };
    expect(residentStatus.parse(green)).toEqual(green);
    expect(residentStatus.safeParse({ ...goodStatus, color: 'blue' }).success).toBe(false);
    expect(residentStatus.safeParse({ ...goodStatus, setBy: 'admin' }).success).toBe(false);
  });

  it('code, check-in, history and dependents', () => {
    const code = {
      payload: 'HC1:ABC',
      svg: '<svg/>',
      color: 'green',
      issuedAt: '2024-06-15T10:00:00+08:00',
      expiresAt: '2024-06-15T10:03:00+08:00',
      refreshInSeconds: 60,
      holder: { maskedName: '张*', maskedDocument: '1101**********002X' },
    };
    expect(codeResponse.parse(code)).toEqual(code);
    expect(codeResponse.safeParse({ ...code, holder: { ...code.holder, documentNumber: VALID_ID } }).success).toBe(false);
    expect(checkinResponse.parse({ day: '2024-06-15', streak: 3, status: goodStatus }).streak).toBe(3);
    const history = { changes: [{ at: '2024-06-14T09:00:00+08:00', from: null, to: 'yellow', reasons: goodStatus.reasons }] };
    expect(historyResponse.parse(history)).toEqual(history);
    expect(dependentsResponse.parse({ dependents: [{ id: 'd1', maskedName: '张*三', maskedDocument: '1101**********002X' }] }).dependents).toHaveLength(1);
  });
});
