import fc from 'fast-check';
import { personName } from '../../../../shared/api/fields';
import { maskName } from '../../../../shared/mask';

const accept = (name: string) => personName.safeParse(name);
const messageOf = (name: string) => {
  const r = accept(name);
  return r.success ? undefined : r.error.issues[0]?.message;
};

/** Visible: every character shown is a star, a letter or a digit (no mark, control, format, space or invisible letter). */
function visibleOnly(masked: string): boolean {
  return Array.from(masked).every((c) => c === '*' || (/^[\p{L}\p{N}]$/u.test(c) && !/[\u115f\u1160\u3164\uffa0]/u.test(c)));
}

describe('names as people write them', () => {
  test('NFKC: full-width letters become ordinary ones; look-alike middle dots become ·, which is kept', () => {
    expect(accept('ＪＯＨＮ　ＳＭＩＴＨ')).toMatchObject({ success: true, data: 'JOHN SMITH' });
    expect(accept('买买提・艾力')).toMatchObject({ success: true, data: '买买提·艾力' });
    expect(accept('买买提·艾力')).toMatchObject({ success: true, data: '买买提·艾力' });
    expect(accept('阿依古丽')).toMatchObject({ success: true, data: '阿依古丽' });
    expect(accept("O'Brien-Smith")).toMatchObject({ success: true });
  });

  test('bidi controls, zero-width characters, tag characters and names without a visible letter are refused in Chinese', () => {
    expect(messageOf('张\u202e三')).toBe('姓名不能包含文字方向控制符，请重新输入');
    expect(messageOf('张\u2066三\u2069')).toBe('姓名不能包含文字方向控制符，请重新输入');
    expect(messageOf('张\u200b三')).toBe('姓名不能包含看不见的字符，请重新输入');
    expect(messageOf('张\u200d三')).toBe('姓名不能包含看不见的字符，请重新输入');
    expect(messageOf('张三\u{e0041}')).toBe('姓名不能包含标签字符，请重新输入');
    expect(messageOf('\u3164\u3164')).toBe('姓名不能包含看不见的字符，请重新输入');
    expect(messageOf('·')).toBe('姓名须以文字开头，请按证件填写');
    expect(messageOf('\u0301\u0301')).toBe('姓名须以文字开头，请按证件填写');
    expect(messageOf('   ')).toBe('请填写姓名');
    expect(messageOf('张三123')).toBe('姓名不能包含数字或符号');
    expect(messageOf('😀')).toBe('姓名须以文字开头，请按证件填写');
  });

  test('property: every accepted name, from generated Unicode, masks to visible characters only', () => {
    const unicodeName = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.array(fc.constantFrom('张', '欧', '阳', '·', ' ', '\u0301', '\u200b', '\u202e', '\u{e0041}', 'a', 'É', '\u3164', '-', "'"), { maxLength: 10 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(unicodeName, (input) => {
        const parsed = accept(input);
        if (!parsed.success) return true;
        const masked = maskName(parsed.data);
        return masked.length > 0 && visibleOnly(masked) && masked.includes('*');
      }),
      { numRuns: 3000 },
    );
  });
});
