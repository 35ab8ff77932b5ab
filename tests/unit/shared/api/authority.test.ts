import { FEED_TYPES, feedRecordAt, feedRequest, feedResponse, riskAreasRequest, riskAreasResponse, validateFeedRecords } from '../../../../shared/api';
import { HUGE, NOW, VALID_ID, WRONG_CHECK_DIGIT_ID, messageAt } from './helpers';

const person = { documentType: 'resident-id', documentNumber: VALID_ID, at: '2024-06-15T08:00:00+08:00' };

describe('feedRequest', () => {
  it('accepts every feed type with up to 10,000 records', () => {
    for (const type of FEED_TYPES) expect(feedRequest.safeParse({ feedId: 'f-1', type, records: [person] }).success).toBe(true);
    expect(feedRequest.safeParse({ feedId: 'f-1', type: 'confirmed', records: Array(10_000).fill(person) }).success).toBe(true);
  });

  it('rejects 10,001 records, no records, unknown types and unknown fields', () => {
    expect(messageAt(feedRequest, { feedId: 'f', type: 'confirmed', records: Array(10_001).fill(person) }, 'records')).toBe('每批最多10000条记录');
    expect(messageAt(feedRequest, { feedId: 'f', type: 'confirmed', records: [] }, 'records')).toBe('至少需要一条记录');
    expect(messageAt(feedRequest, { feedId: 'f', type: 'recovered', records: [person] }, 'type')).toBe('数据类型不正确');
    expect(messageAt(feedRequest, { feedId: 'f', type: 'confirmed', records: [person], color: 'red' }, '')).toBe('不支持的字段：color');
    expect(messageAt(feedRequest, { feedId: HUGE, type: 'confirmed', records: [person] }, 'feedId')).toBe('批次编号过长');
  });
});

describe('feed records', () => {
  it('a plain record needs documentType, documentNumber and at, and nothing else', () => {
    const confirmed = feedRecordAt('confirmed', NOW);
    expect(confirmed.parse({ ...person, documentNumber: '11010519491231002x' })).toEqual(person);
    expect(messageAt(confirmed, { ...person, documentNumber: WRONG_CHECK_DIGIT_ID }, 'documentNumber')).toBe('身份证号校验位不正确');
    expect(messageAt(confirmed, { ...person, name: '张三' }, '')).toBe('不支持的字段：name');
    expect(messageAt(confirmed, { ...person, at: '2024-06-15' }, 'at')).toBe('时间格式应为带时区的时间，例如2024-03-01T08:00:00+08:00');
  });

  it('refuses times in the future beyond five minutes of clock skew', () => {
    const released = feedRecordAt('released', NOW);
    expect(released.safeParse({ ...person, at: '2024-06-15T10:04:00+08:00' }).success).toBe(true);
    expect(messageAt(released, { ...person, at: '2024-06-15T10:06:00+08:00' }, 'at')).toBe('时间不能晚于当前时间');
  });

  it('close-contact needs a last exposure day that is not in the future', () => {
    const closeContact = feedRecordAt('close-contact', NOW);
    expect(closeContact.parse({ ...person, lastExposureDay: '2024-06-14' }).lastExposureDay).toBe('2024-06-14');
    expect(messageAt(closeContact, person, 'lastExposureDay')).toBe('请填写日期');
    expect(messageAt(closeContact, { ...person, lastExposureDay: '2024-06-16' }, 'lastExposureDay')).toBe('最后接触日期不能晚于今天');
  });

  it('test-result needs a result and a sampling time', () => {
    const testResult = feedRecordAt('test-result', NOW);
    const good = { ...person, result: 'positive', sampledAt: '2024-06-14T09:00:00+08:00' };
    expect(testResult.parse(good)).toEqual(good);
    expect(messageAt(testResult, { ...good, result: 'unclear' }, 'result')).toBe('检测结果应为 positive 或 negative');
    expect(messageAt(testResult, { ...good, sampledAt: undefined }, 'sampledAt')).toBe('时间格式应为带时区的时间，例如2024-03-01T08:00:00+08:00');
  });
});

describe('validateFeedRecords', () => {
  it('accepts the good records and lists the bad ones by index, without throwing', () => {
    const records = [person, { ...person, documentNumber: WRONG_CHECK_DIGIT_ID }, null, 'x', { ...person, documentType: 'passport', documentNumber: 'e12345678' }];
    const { accepted, rejected } = validateFeedRecords('suspected', records, NOW);
    expect(accepted).toEqual([
      { index: 0, record: person },
      { index: 4, record: { ...person, documentType: 'passport', documentNumber: 'E12345678' } },
    ]);
    expect(rejected).toEqual([
      { index: 1, errors: [{ path: 'documentNumber', message: '身份证号校验位不正确' }] },
      { index: 2, errors: [{ path: '', message: '提交的内容格式不正确' }] },
      { index: 3, errors: [{ path: '', message: '提交的内容格式不正确' }] },
    ]);
  });

  it('response shape', () => {
    const body = { feedId: 'f-1', accepted: 2, rejected: [{ index: 1, errors: [{ path: 'documentNumber', message: '身份证号校验位不正确' }] }], affected: 2 };
    expect(feedResponse.parse(body)).toEqual(body);
    expect(feedResponse.safeParse({ ...body, accepted: -1 }).success).toBe(false);
  });
});

describe('riskAreasRequest', () => {
  const good = { version: '2024-06-15.1', areas: [{ region: '331100', level: 'medium', since: '2024-06-10' }, { region: '420000', level: 'high', since: '2024-06-01' }] };

  it('accepts a list of areas', () => {
    expect(riskAreasRequest.parse(good)).toEqual(good);
    expect(riskAreasRequest.parse({ version: 'v2', areas: [] }).areas).toEqual([]);
  });

  it('rejects unknown regions and levels, duplicates, bad days and extra fields', () => {
    expect(messageAt(riskAreasRequest, { ...good, areas: [{ region: '331199', level: 'high', since: '2024-06-01' }] }, 'areas.0.region')).toBe('地区码不正确，请重新选择地区');
    expect(messageAt(riskAreasRequest, { ...good, areas: [{ region: '331100', level: 'extreme', since: '2024-06-01' }] }, 'areas.0.level')).toBe('风险等级应为 high、medium 或 low');
    expect(messageAt(riskAreasRequest, { ...good, areas: [good.areas[0], good.areas[0]] }, 'areas.1.region')).toBe('同一地区只能出现一次');
    expect(messageAt(riskAreasRequest, { ...good, areas: [{ region: '331100', level: 'high', since: '2024-06-31' }] }, 'areas.0.since')).toBe('日期格式应为年-月-日，例如2024-03-01');
    expect(messageAt(riskAreasRequest, { ...good, areas: [{ ...good.areas[0], until: '2024-07-01' }] }, 'areas.0')).toBe('不支持的字段：until');
  });

  it('response', () => {
    expect(riskAreasResponse.parse({ version: 'v2', affected: 12 })).toEqual({ version: 'v2', affected: 12 });
  });
});
