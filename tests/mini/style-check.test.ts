/**
 * The style check of both mini-programs (tools/check-mini-style.ts) and the colour tables that
 * live in code: the verdict screens and the code page's colours. Pure: no stack, no timing.
 */
import { checkMiniStyle } from '../../tools/check-mini-style';
import { contrast, parseColor, simulate, VISIONS, type Vision } from '../../tools/contrast';
import { CHIP_PALETTE, VERDICT_PALETTE } from '../../mini-program/inspector/lib/verdict';
import { COLOR_HEX, COLOR_INK, COLOR_TINT } from '../../mini-program/resident/lib/format';
import { PRIVACY_POLICY } from '../../mini-program/resident/lib/legal';
import { CODE_REFRESH_SECONDS, CODE_VALIDITY_SECONDS } from '../../functions/adapters/code-keys';
import { SCAN_TTL_SECONDS } from '../../functions/adapters/scan-log';

const ratio = (a: string, b: string, vision: Vision = 'normal') => contrast(simulate(parseColor(a)!, vision), simulate(parseColor(b)!, vision));
const COLORS = ['green', 'yellow', 'red'] as const;

describe('the style check', () => {
  it.each(['mini-program/resident', 'mini-program/inspector'])('passes %s: text 4.5:1, controls 3:1, body 32rpx, targets 88rpx (120 in elder mode), antd-mini theme', (dir) => {
    expect(checkMiniStyle(dir)).toEqual([]);
  });

  it('fails faint text, faint borders, small text, small targets and antd-mini defaults', () => {
    const messages = checkMiniStyle('tests/mini/fixtures/faint-app').map((p) => `${p.file}: ${p.message}`);
    const expected = [
      /\.faint: text #999999 on #ffffff is 2\.85:1/,
      /\.yellow-text: text #e0a800 on #ffffff is 2\.15:1/,
      /\.tiny: font-size 26rpx is under 32rpx/,
      /\.field-edge: border #d0d3d6 on #ffffff is 1\.50:1/,
      /<view class="field-edge"> \(line 3\): tap target 0rpx high, needs 88rpx/,
      /<view class="field-edge"> \(line 3\): tap target 100rpx high in elder mode, needs 120rpx/,
      /<ant-button> \(line 4\): tap target 98\.4rpx high in elder mode/,
      /elder mode main text is 0rpx/,
      /Button\/index\.acss: \.ant-button-primary: text #ffffff on #1677ff is 4\.10:1/,
      /Input\/index\.acss: \.ant-input-placeholder: text #cccccc on #ffffff is 1\.61:1/,
    ];
    for (const pattern of expected) expect(messages.some((m) => pattern.test(m))).toBe(true);
  });
});

describe('the verdict screens', () => {
  it.each(VISIONS)('tell pass from stop and from invalid by luminance at 3:1 or more (%s)', (vision) => {
    expect(ratio(VERDICT_PALETTE.pass.background, VERDICT_PALETTE.stop.background, vision)).toBeGreaterThanOrEqual(3);
    expect(ratio(VERDICT_PALETTE.pass.background, VERDICT_PALETTE.invalid.background, vision)).toBeGreaterThanOrEqual(3);
  });

  it('the colours the issue found (#0b6e2f against #a4161a) would fail', () => {
    expect(ratio('#0b6e2f', '#a4161a')).toBeLessThan(3);
    expect(ratio('#0b6e2f', '#a4161a', 'deuteranopia')).toBeLessThan(3);
  });

  it('keep their words at 7:1 and the stop chips at 4.5:1, stripes included', () => {
    for (const tone of ['pass', 'stop', 'invalid'] as const) expect(ratio(VERDICT_PALETTE[tone].foreground, VERDICT_PALETTE[tone].background)).toBeGreaterThanOrEqual(7);
    expect(ratio(VERDICT_PALETTE.invalid.foreground, VERDICT_PALETTE.invalid.stripe!)).toBeGreaterThanOrEqual(7);
    for (const color of COLORS) expect(ratio(CHIP_PALETTE[color].foreground, CHIP_PALETTE[color].background)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('the code page colours', () => {
  it.each(COLORS)('%s: hint text 4.5:1 on the card tint, badge text 4.5:1, frame 3:1', (color) => {
    expect(ratio(COLOR_INK[color], COLOR_TINT[color])).toBeGreaterThanOrEqual(4.5);
    expect(ratio('#ffffff', COLOR_INK[color])).toBeGreaterThanOrEqual(4.5);
    expect(ratio(COLOR_HEX[color], COLOR_TINT[color])).toBeGreaterThanOrEqual(3);
  });
});

describe('the privacy policy matches what the system does', () => {
  const text = PRIVACY_POLICY.flatMap((s) => s.paragraphs).join('');

  it('states the code refresh and lifetime, the scan retention and the masked document the inspector sees', () => {
    expect(text).toContain(`每${CODE_REFRESH_SECONDS}秒自动更新`);
    expect(text).toContain(`${CODE_VALIDITY_SECONDS}秒后失效`);
    expect(text).toContain(`保存${SCAN_TTL_SECONDS / 86_400}天后自动删除`);
    expect(text).toContain('打码后的证件号码');
    expect(text).not.toMatch(/每隔几分钟|保存期满/);
  });
});
