import fc from 'fast-check';
import {
  DOCUMENT_TYPES,
  DOCUMENT_TYPE_LABELS,
  generateResidentIdCheckDigit,
  normaliseDocumentNumber,
  validateDocument,
} from '../../../shared/identity';
import { addDays, shanghaiDay } from '../../../shared/time';

const NOW = new Date('2024-06-15T10:00:00+08:00');

function withCheckDigit(first17: string): string {
  return first17 + generateResidentIdCheckDigit(first17);
}

function expectValid(documentType: string, input: string, number: string): void {
  expect(validateDocument(documentType, input, NOW)).toEqual({ ok: true, documentType, number });
}

function expectMessage(documentType: string, input: unknown, message: string, now = NOW): void {
  expect(validateDocument(documentType, input, now)).toEqual({ ok: false, message });
}

describe('generateResidentIdCheckDigit', () => {
  it('matches the GB 11643-1999 example and other known vectors', () => {
    expect(generateResidentIdCheckDigit('11010519491231002')).toBe('X');
    expect(generateResidentIdCheckDigit('33110219900307123')).toBe('1');
    expect(generateResidentIdCheckDigit('33250119700101001')).toBe('0');
  });

  // Computed independently (a separate implementation of ISO 7064 MOD 11-2), one per check character.
  it.each([
    '331102198001010000',
    '331102198001010019',
    '331102198001010027',
    '331102198001010035',
    '331102198001010043',
    '331102198001010051',
    '33110219800101006X',
    '331102198001010078',
    '331102198001010086',
    '331102198001010094',
    '331102198001010182',
  ])('gives the check character of %s', (id) => {
    expect(generateResidentIdCheckDigit(id.slice(0, 17))).toBe(id[17]);
    expect(validateDocument('resident-id', id, NOW).ok).toBe(true);
  });

  it('refuses anything but 17 digits', () => {
    expect(() => generateResidentIdCheckDigit('1101051949123100')).toThrow(RangeError);
    expect(() => generateResidentIdCheckDigit('1101051949123100A')).toThrow(RangeError);
  });
});

describe('normaliseDocumentNumber', () => {
  it('turns full-width into half-width, drops spaces and uppercases', () => {
    expect(normaliseDocumentNumber(' １１０１０５ 1949\u30001231\t002ｘ ')).toBe('11010519491231002X');
    expect(normaliseDocumentNumber('ｈ１２３４５６７８')).toBe('H12345678');
    expect(normaliseDocumentNumber('e\u200b1234 5678')).toBe('E12345678');
  });
});

describe('resident-id', () => {
  it('accepts valid numbers, including a check digit X', () => {
    expectValid('resident-id', '11010519491231002X', '11010519491231002X');
    expectValid('resident-id', '331102199003071231', '331102199003071231');
  });

  it('normalises a lowercase x, full-width digits and spaces', () => {
    expectValid('resident-id', '11010519491231002x', '11010519491231002X');
    expectValid('resident-id', '１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X');
    expectValid('resident-id', ' 110105 19491231 002X ', '11010519491231002X');
  });

  it('accepts a 29 February of a leap year and an ID issued under a retired code (丽水地区 3325)', () => {
    expectValid('resident-id', withCheckDigit('33118120000229456'), '331181200002294565');
    expectValid('resident-id', '332501197001010010', '332501197001010010');
  });

  it('accepts 港澳台居民居住证 numbers (81/82/83)', () => {
    for (const prefix of ['810000', '820000', '830000']) {
      const id = withCheckDigit(`${prefix}19900101001`);
      expectValid('resident-id', id, id);
    }
  });

  it('rejects a wrong check digit', () => {
    expectMessage('resident-id', '110105194912310021', '身份证号校验位不正确');
    expectMessage('resident-id', '331102199003071232', '身份证号校验位不正确');
  });

  it('rejects a 29 February of a non-leap year and other dates that do not exist', () => {
    expectMessage('resident-id', withCheckDigit('33112719850229001'), '出生日期不存在');
    expectMessage('resident-id', withCheckDigit('33112719001329001'), '出生日期不存在');
    expectMessage('resident-id', withCheckDigit('33112719850431001'), '出生日期不存在');
    expectMessage('resident-id', withCheckDigit('33112719850100001'), '出生日期不存在');
    expectMessage('resident-id', withCheckDigit('33112719000229001'), '出生日期不存在');
  });

  it('rejects a birth date after today in Shanghai, and accepts today', () => {
    const today = shanghaiDay(NOW).replaceAll('-', '');
    const tomorrow = addDays(shanghaiDay(NOW), 1).replaceAll('-', '');
    expectValid('resident-id', withCheckDigit(`331102${today}001`), withCheckDigit(`331102${today}001`));
    expectMessage('resident-id', withCheckDigit(`331102${tomorrow}001`), '出生日期不能晚于今天');
    // 16:30 UTC on 15 June is already 16 June in Shanghai; 15:59 UTC is not.
    const bornOn16June = withCheckDigit('33110220240616001');
    expect(validateDocument('resident-id', bornOn16June, new Date('2024-06-15T16:30:00Z')).ok).toBe(true);
    expectMessage('resident-id', bornOn16June, '出生日期不能晚于今天', new Date('2024-06-15T15:59:00Z'));
  });

  it('rejects an implausibly early birth year', () => {
    expectMessage('resident-id', withCheckDigit('33110218500101001'), '出生日期不正确，请核对身份证号');
  });

  it('rejects region prefixes that no province or city has', () => {
    expectMessage('resident-id', withCheckDigit('99010119900101001'), '地区码不正确');
    expectMessage('resident-id', withCheckDigit('19010119900101001'), '地区码不正确');
    expectMessage('resident-id', withCheckDigit('33000019900101001'), '地区码不正确');
    expectMessage('resident-id', withCheckDigit('33800119900101001'), '地区码不正确');
    expectMessage('resident-id', withCheckDigit('81010119900101001'), '地区码不正确');
  });

  it('rejects the wrong length and characters with a message that says so', () => {
    expectMessage('resident-id', '11010519491231002', '身份证号应为18位');
    expectMessage('resident-id', '11010519491231002X1', '身份证号应为18位');
    expectMessage('resident-id', '110105491231002', '15位旧身份证号已停用，请输入18位身份证号');
    expectMessage('resident-id', '1101051949123100X2', '身份证号只能包含数字，最后一位可以是X');
    expectMessage('resident-id', '11010519491231002Y', '身份证号只能包含数字，最后一位可以是X');
  });
});

describe('hk-macau-permit', () => {
  it('accepts H or M with 8 or 10 digits, normalised', () => {
    expectValid('hk-macau-permit', 'H12345678', 'H12345678');
    expectValid('hk-macau-permit', 'm1234567890', 'M1234567890');
    expectValid('hk-macau-permit', 'Ｈ１２３４ ５６７８', 'H12345678');
  });

  it('rejects other letters and lengths', () => {
    expectMessage('hk-macau-permit', 'C12345678', '港澳居民来往内地通行证号码应以H或M开头');
    expectMessage('hk-macau-permit', '12345678', '港澳居民来往内地通行证号码应以H或M开头');
    expectMessage('hk-macau-permit', 'H123456789', '港澳居民来往内地通行证号码应为H或M加8位或10位数字');
    expectMessage('hk-macau-permit', 'H1234567', '港澳居民来往内地通行证号码应为H或M加8位或10位数字');
    expectMessage('hk-macau-permit', 'H1234567A', '港澳居民来往内地通行证号码应为H或M加8位或10位数字');
  });
});

describe('taiwan-permit', () => {
  it('accepts 8 digits or the 10-character form', () => {
    expectValid('taiwan-permit', '12345678', '12345678');
    expectValid('taiwan-permit', '1234567890', '1234567890');
    expectValid('taiwan-permit', '12345678b1', '12345678B1');
  });

  it('rejects other lengths and characters', () => {
    expectMessage('taiwan-permit', '1234567', '台湾居民来往大陆通行证号码应为8位数字或10位字母数字');
    expectMessage('taiwan-permit', '123456789', '台湾居民来往大陆通行证号码应为8位数字或10位字母数字');
    expectMessage('taiwan-permit', '1234567A', '台湾居民来往大陆通行证号码应为8位数字或10位字母数字');
    expectMessage('taiwan-permit', '12345678-9', '台湾居民来往大陆通行证号码应为8位数字或10位字母数字');
  });
});

describe('passport', () => {
  it('accepts 5 to 17 letters and digits, uppercased', () => {
    expectValid('passport', 'e12345678', 'E12345678');
    expectValid('passport', 'AB123', 'AB123');
    expectValid('passport', 'A1234567890123456', 'A1234567890123456');
  });

  it('rejects short, long and punctuated numbers', () => {
    expectMessage('passport', 'A123', '护照号码应为5至17位字母或数字');
    expectMessage('passport', 'A12345678901234567', '护照号码应为5至17位字母或数字');
    expectMessage('passport', 'E1234-5678', '护照号码应为5至17位字母或数字');
    expectMessage('passport', '张三12345', '护照号码应为5至17位字母或数字');
  });
});

describe('every type', () => {
  it('asks for a number when there is none', () => {
    for (const type of DOCUMENT_TYPES) {
      expectMessage(type, '', '请输入证件号码');
      expectMessage(type, '   ', '请输入证件号码');
      expectMessage(type, '\u200b', '请输入证件号码');
      expectMessage(type, undefined, '请输入证件号码');
      expectMessage(type, 12345678, '请输入证件号码');
    }
  });

  it('refuses very long input before looking at it', () => {
    for (const type of DOCUMENT_TYPES) expectMessage(type, '1'.repeat(65), '证件号码过长，请核对');
  });

  it('rejects an unknown document type', () => {
    expectMessage('driving-licence', 'E12345678', '证件类型不正确');
    expectMessage('toString', 'E12345678', '证件类型不正确');
  });

  it('has a Chinese label for every type', () => {
    expect(Object.keys(DOCUMENT_TYPE_LABELS).sort()).toEqual([...DOCUMENT_TYPES].sort());
    expect(DOCUMENT_TYPE_LABELS['resident-id']).toBe('居民身份证');
  });

  it('never returns an English or empty message, whatever the input', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DOCUMENT_TYPES), fc.string({ maxLength: 70, unit: 'grapheme' }), (type, input) => {
        const result = validateDocument(type, input, NOW);
        return result.ok ? result.number.length > 0 : /^[\u4e00-\u9fff0-9A-Z，、]+$/.test(result.message);
      }),
    );
  });
});

describe('resident-id properties', () => {
  const provinces = ['11', '31', '32', '33', '44', '51', '65'];
  const validId = fc
    .record({
      province: fc.constantFrom(...provinces),
      city: fc.oneof(fc.integer({ min: 1, max: 70 }), fc.constant(90)),
      county: fc.integer({ min: 0, max: 99 }),
      birth: fc.date({ min: new Date('1900-01-01T00:00:00+08:00'), max: NOW, noInvalidDate: true }),
      sequence: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ province, city, county, birth, sequence }) => {
      const pad = (n: number, width: number) => String(n).padStart(width, '0');
      return withCheckDigit(
        `${province}${pad(city, 2)}${pad(county, 2)}${shanghaiDay(birth).replaceAll('-', '')}${pad(sequence, 3)}`,
      );
    });

  it('a generated valid ID always validates, also in lowercase and with spaces', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 18 }), (id, at) => {
        const spaced = `${id.slice(0, at)} ${id.slice(at)}`.toLowerCase();
        const plain = validateDocument('resident-id', id, NOW);
        const typed = validateDocument('resident-id', spaced, NOW);
        return plain.ok && plain.number === id && typed.ok && typed.number === id;
      }),
      { numRuns: 500 },
    );
  });

  it('changing any one character never validates', () => {
    fc.assert(
      fc.property(
        validId,
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...'0123456789X'),
        (id, position, replacement) => {
          fc.pre(id[position] !== replacement);
          const changed = id.slice(0, position) + replacement + id.slice(position + 1);
          return !validateDocument('resident-id', changed, NOW).ok;
        },
      ),
      { numRuns: 2000 },
    );
  });
});
