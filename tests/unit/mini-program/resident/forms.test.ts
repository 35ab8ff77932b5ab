import { generateResidentIdCheckDigit } from '../../../../shared/identity';
import { phoneEnvelope, signInBody, validateProfile } from '../../../../mini-program/resident/pages/authorise/utils';
import { buildDeclaration, emptyForm, newStay, travelRows } from '../../../../mini-program/resident/pages/declaration/utils';
import { buildCheckin, openView, reminderFor } from '../../../../mini-program/resident/pages/checkin/utils';
import { validateDependent } from '../../../../mini-program/resident/pages/family/utils';
import { liveFieldMessage } from '../../../../mini-program/resident/lib/person-form';
import { normaliseSymptoms, symptomsForApi } from '../../../../mini-program/resident/lib/symptoms';
import { pickerValueFor, regionFromLocation, regionFromPicker, regionPickerOptions } from '../../../../mini-program/resident/lib/regions';
import { toProblem, problemFieldErrors } from '../../../../mini-program/resident/lib/problem';
import { subjectPath } from '../../../../mini-program/resident/lib/subject';
import { nextStep } from '../../../../mini-program/resident/lib/flow';

const NOW = new Date('2024-03-20T10:00:00+08:00');
const ID = (() => {
  const first17 = '33110219900307123';
  return first17 + generateResidentIdCheckDigit(first17);
})();

describe('sign-in and profile', () => {
  test('sandbox stages send the typed test account, else the auth code; prod sends Alipay’s code', () => {
    expect(signInBody({ sandboxSignIn: true }, 'code-1', ' reviewer-01 ')).toEqual({ provider: 'sandbox', subject: 'reviewer-01' });
    expect(signInBody({ sandboxSignIn: true }, 'a b/c', '')).toEqual({ provider: 'sandbox', subject: 'a-b-c' });
    expect(signInBody({ sandboxSignIn: false }, 'code-1', 'reviewer-01')).toEqual({ provider: 'alipay', authCode: 'code-1' });
  });

  test('live messages wait for a complete number, then use the identity rules', () => {
    const fields = { name: '', documentType: 'resident-id' as const, documentNumber: ID.slice(0, 17) };
    expect(liveFieldMessage('documentNumber', fields, NOW)).toBe('');
    expect(liveFieldMessage('documentNumber', { ...fields, documentNumber: `${ID.slice(0, 17)}${ID[17] === '1' ? '2' : '1'}` }, NOW)).toBe('身份证号校验位不正确');
    expect(liveFieldMessage('documentNumber', { ...fields, documentType: 'hk-macau-permit', documentNumber: 'X1234' }, NOW)).toBe('港澳居民来往内地通行证号码应以H或M开头');
    expect(liveFieldMessage('phone', { ...fields, phone: '1380013' }, NOW)).toBe('');
    expect(liveFieldMessage('phone', { ...fields, phone: '23800138000' }, NOW)).toBe('请填写11位手机号码');
  });

  test('the profile is checked with the server’s schema', () => {
    expect(validateProfile({ name: '李四', documentType: 'resident-id', documentNumber: ID, phone: '+86 138-0013-8000' }, NOW)).toEqual({
      ok: true,
      body: { name: '李四', documentType: 'resident-id', documentNumber: ID, phone: '13800138000' },
    });
    const bad = validateProfile({ name: '', documentType: 'passport', documentNumber: '1', phone: '' }, NOW);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && Object.keys(bad.errors).sort()).toEqual(['documentNumber', 'name', 'phone']);
  });

  test('the phone envelope is read from my.getPhoneNumber’s response text', () => {
    expect(phoneEnvelope('{"response":"enc","sign":"sig","sign_type":"RSA2"}')).toEqual({ response: 'enc', sign: 'sig' });
    expect(phoneEnvelope('{"response":"enc"}')).toBeUndefined();
    expect(phoneEnvelope('not json')).toBeUndefined();
  });
});

describe('declaration and check-in', () => {
  test('a complete declaration becomes the API body; none of the symptoms is an empty list', () => {
    const built = buildDeclaration({ ...emptyForm(), region: '331102', symptoms: ['none'], temperature: ' 36.4 ', contactWithCase: false, commitment: true }, NOW);
    expect(built).toEqual({ ok: true, body: { region: '331102', travel: [], symptoms: [], temperature: 36.4, contactWithCase: false, commitment: true } });
  });

  test('travel outside the last 14 days and a missing pledge are refused beside their fields', () => {
    const built = buildDeclaration(
      {
        ...emptyForm(),
        region: '331102',
        symptoms: ['none'],
        contactWithCase: false,
        commitment: false,
        travel: [{ region: '', from: '2024-03-18', to: '2024-03-19' }, { region: '330100', from: '2024-02-01', to: '2024-02-02' }],
      },
      NOW,
    );
    expect(built.ok).toBe(false);
    expect(!built.ok && built.errors).toMatchObject({ commitment: '请勾选本人郑重承诺', 'travel.0.region': '请选择地区', 'travel.1.to': '只需填写最近14天内的行程' });
  });

  test('"无" is exclusive in the symptom selector', () => {
    expect(normaliseSymptoms(['cough'], ['cough', 'none'])).toEqual(['none']);
    expect(normaliseSymptoms(['none'], ['none', 'fever'])).toEqual(['fever']);
    expect(symptomsForApi(['none'])).toEqual([]);
  });

  test('check-in: a fever is accepted input, a 45 °C reading is not', () => {
    expect(buildCheckin({ temperature: '38.2', symptoms: ['fever'] })).toEqual({ ok: true, body: { temperature: 38.2, symptoms: ['fever'] } });
    const bad = buildCheckin({ temperature: '45', symptoms: [] });
    expect(!bad.ok && bad.errors).toEqual({ temperature: '体温应在35.0至42.0℃之间，请重新测量', symptoms: '请选择症状，没有症状请选择“无”' });
  });

  test('the reminder names tomorrow, across a month end; a remembered check-in of today shows done', () => {
    expect(reminderFor('2024-02-29')).toBe('明天（3月1日）记得继续打卡');
    expect(openView({ day: '2024-03-20', streak: 4 }, NOW)).toMatchObject({ doneToday: true, streakText: '已连续正常打卡4天' });
    expect(openView({ day: '2024-03-19', streak: 4 }, NOW)).toMatchObject({ doneToday: false });
  });

  test('a dependent needs a relation', () => {
    const bad = validateDependent({ name: '王小宝', documentType: 'resident-id', documentNumber: ID, relation: '' }, NOW);
    expect(!bad.ok && bad.errors).toEqual({ relation: '请选择与本人的关系' });
  });
});

describe('regions, problems, subjects and the entry', () => {
  test('the picker starts with Lishui and maps located codes both ways', () => {
    const options = regionPickerOptions();
    expect(options[0]).toMatchObject({ value: '331100', label: '丽水市' });
    expect(options[0]!.children).toHaveLength(9);
    expect(options[options.length - 1]!.children!.some((p) => p.value === '810000')).toBe(true);
    expect(regionFromPicker(['331100', '331181'])).toBe('331181');
    expect(pickerValueFor('440300')).toEqual(['outside', '440000']);
    expect(regionFromLocation('440305')).toBe('440305');
    expect(regionFromLocation('331199')).toBeUndefined();
  });

  test('a problem+json body is kept, anything else gets a Chinese title by status', () => {
    const body = { type: 'about:blank', title: '输入有误', status: 400, detail: '请检查', errors: [{ path: 'temperature', message: '体温应填写数字' }] };
    expect(problemFieldErrors(toProblem(400, JSON.stringify(body)))).toEqual({ temperature: '体温应填写数字' });
    expect(toProblem(502, '<html>Bad gateway</html>')).toMatchObject({ status: 502, title: '服务出了点问题，请稍后再试' });
  });

  test('paths follow the subject; the entry goes consent → sign-in → code', () => {
    expect(subjectPath({ kind: 'self' }, 'code')).toBe('/v1/resident/code');
    expect(subjectPath({ kind: 'dependent', id: 'd 1', maskedName: '王*' }, 'checkins')).toBe('/v1/resident/dependents/d%201/checkins');
    expect(nextStep({ consented: false, signedIn: true, registered: true })).toBe('/pages/consent/index');
    expect(nextStep({ consented: true, signedIn: true, registered: false })).toBe('/pages/authorise/index');
    expect(nextStep({ consented: true, signedIn: true, registered: true })).toBe('/pages/code/index');
  });
});

test('travel rows keep their own keys: after deleting the first, the second keeps its key and region, and the key is never sent', () => {
  const now = new Date('2024-03-20T10:00:00+08:00');
  const first = { ...newStay(now), region: '330100' };
  const second = { ...newStay(now, [first]), region: '331102' };
  const third = newStay(now, [first, second]);
  expect([first.key, second.key, third.key]).toEqual(['s1', 's2', 's3']);
  const rows = travelRows([second, third], {});
  expect(rows.map((r) => [r.key, r.region])).toEqual([['s2', '331102'], ['s3', '']]);
  // A row added after a deletion never reuses a key still on the form.
  expect(newStay(now, [second, third]).key).toBe('s4');
  const built = buildDeclaration({ ...emptyForm(), region: '331102', travel: [second], symptoms: ['none'], contactWithCase: false, commitment: true }, now);
  expect(built.ok && built.body.travel).toEqual([{ region: '331102', from: '2024-03-20', to: '2024-03-20' }]);
});
