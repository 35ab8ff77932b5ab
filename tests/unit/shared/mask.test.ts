import fc from 'fast-check';
import { maskDocument, maskName, maskPhone } from '../../../shared/mask';

const codePoints = (s: string): string[] => Array.from(s);

/** The characters of the output that are not masking stars. */
const revealed = (masked: string): string[] => codePoints(masked).filter((c) => c !== '*');

/** Whether every revealed character can be found in the input (as a multiset). */
function revealsOnlyInputCharacters(input: string, masked: string): boolean {
  const pool = codePoints(input);
  for (const c of revealed(masked)) {
    const at = pool.indexOf(c);
    if (at < 0) return false;
    pool.splice(at, 1);
  }
  return true;
}

/** Any string, including emoji, surrogate pairs, lone surrogates, whitespace and stars. */
const anyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.string({ maxLength: 40, unit: 'grapheme' }),
  fc.string({ maxLength: 12, unit: fc.constantFrom('*', ' ', '张', '三', '欧', '阳', '😀', 'A', '1', '\u3000', '\ud800') }),
);

describe('maskName', () => {
  it.each([
    ['张', '张*'],
    ['张三', '张*'],
    ['张小三', '张*三'],
    ['欧阳小明', '欧阳**'],
    ['司马相如如', '司马**'],
    ['阿依古丽', '阿**丽'],
    ['买买提·艾力', '买**力'],
    ['  张 三 ', '张*'],
    ['John Smith', 'J***'],
    ['élodie', 'é***'],
    ['', '*'],
    ['   ', '*'],
    ['𠀋𠀌', '𠀋*'],
    ['𠀋𠀌𠀍', '𠀋*𠀍'],
  ])('%j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('never returns an input that already looks masked', () => {
    expect(maskName('张*')).toBe('张**');
    expect(maskName('J***')).toBe('J****');
    expect(maskName('**')).toBe('***');
  });
});

describe('maskDocument', () => {
  it.each([
    ['resident-id', '33011019900307123X', '3301**********123X'],
    ['resident-id', '331102199003071231', '3311**********1231'],
    ['hk-macau-permit', 'H12345678', 'H1*****78'],
    ['hk-macau-permit', 'M1234567890', 'M1*******90'],
    ['taiwan-permit', '12345678', '12****78'],
    ['passport', 'E12345678', 'E1*****78'],
    ['passport', 'AB123', 'A***3'],
    ['resident-id', '1234', '1**4'],
    ['resident-id', '123', '***'],
    ['passport', '', '*'],
  ])('%s %j → %j', (type, number, masked) => {
    expect(maskDocument(type, number)).toBe(masked);
  });

  it('caps the stars of very long values', () => {
    expect(maskDocument('passport', 'A'.repeat(1000))).toBe('AA**********AA');
  });

  it('never returns an already masked number unchanged', () => {
    expect(maskDocument('resident-id', '3301**********123X')).toBe('3301**********123X*');
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+86 138 1234 5678', '138****5678'],
    ['138-1234-5678', '138****5678'],
    ['0578-2123456', '05****56'],
    ['12345', '1***5'],
    ['123', '***'],
    ['', '*'],
  ])('%j → %j', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('masking is total', () => {
  const maskers: Array<[string, (s: string) => string, number]> = [
    ['maskName', maskName, 2],
    ['maskDocument resident-id', (s) => maskDocument('resident-id', s), 8],
    ['maskDocument passport', (s) => maskDocument('passport', s), 4],
    ['maskPhone', maskPhone, 7],
  ];

  describe.each(maskers)('%s', (_name, mask, maxRevealed) => {
    it('never throws and never returns a value of two or more characters unchanged', () => {
      fc.assert(
        fc.property(anyString, (input) => {
          const masked = mask(input);
          return typeof masked === 'string' && masked.length > 0 && (codePoints(input).length < 2 || masked !== input);
        }),
        { numRuns: 3000 },
      );
    });

    it('reveals only characters of the input, fewer than the input has, and at most a fixed number', () => {
      fc.assert(
        fc.property(anyString, (input) => {
          const masked = mask(input);
          const shown = revealed(masked).length;
          const total = codePoints(input).length;
          return (
            revealsOnlyInputCharacters(input, masked) &&
            shown <= maxRevealed &&
            (total < 2 || shown < total)
          );
        }),
        { numRuns: 3000 },
      );
    });

    it('hides at least half of any realistic value', () => {
      fc.assert(
        fc.property(fc.string({ minLength: 4, maxLength: 30, unit: fc.constantFrom(...'0123456789ABCDEFX张三李四欧阳') }), (input) => {
          return revealed(mask(input)).length * 2 <= codePoints(input).length + 4;
        }),
      );
    });

    it('never splits a surrogate pair', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 20, unit: 'grapheme' }), (input) => {
          return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(mask(input));
        }),
      );
    });
  });
});
