import { retryAfterSeconds } from '../../../../mini-program/common/problem';
import {
  buildCorrection,
  correctionTarget,
  correctionsUrl,
  filingFailure,
  openCorrectionOf,
  targetFromQuery,
} from '../../../../mini-program/resident/pages/corrections/utils';
import { reasonRows } from '../../../../mini-program/resident/pages/status/utils';
import type { ResidentCorrection } from '../../../../shared/api/corrections';

const NOW = new Date('2026-12-02T10:00:00+08:00');
const tooMany = (retry?: number) => ({
  ok: false as const,
  kind: 'problem' as const,
  status: 429,
  problem: { type: 'https://health-code.lishui.example/problems/rate-limited', title: '操作过于频繁', status: 429, detail: '24小时内最多提交5次纠错申请，请约3小时后再试' },
  ...(retry === undefined ? {} : { retryAfterSeconds: retry }),
});

describe('corrections page logic', () => {
  test('a declared trigger needs the day of its declaration; an authority record does not; unknown codes are not offered', () => {
    expect(correctionTarget('declared-contact', '2026-12-02')).toEqual({ trigger: 'declared-contact', declaredOn: '2026-12-02' });
    expect(correctionTarget('declared-contact', undefined)).toBeUndefined();
    expect(correctionTarget('declared-contact', '2026-02-30')).toBeUndefined();
    expect(correctionTarget('close-contact', '')).toEqual({ trigger: 'close-contact' });
    expect(correctionTarget('made-up', '2026-12-02')).toBeUndefined();
    expect(targetFromQuery({ trigger: 'fever-or-symptoms', declaredOn: '2026-12-01', dependent: 'd1' })).toEqual({ trigger: 'fever-or-symptoms', declaredOn: '2026-12-01' });
    expect(reasonRows([
      { code: 'declared-contact', message: '依据您 2026-12-02 的健康申报', declaredOn: '2026-12-02' },
      { code: 'not-a-trigger', message: '其他' },
    ]).map((r) => r.correctable)).toEqual([true, false]);
  });

  test('the address keeps the subject’s query in front', () => {
    const target = { trigger: 'declared-contact' as const, declaredOn: '2026-12-02' };
    expect(correctionsUrl('/p', '', target)).toBe('/p?trigger=declared-contact&declaredOn=2026-12-02');
    expect(correctionsUrl('/p', '?dependent=d1&name=x', target)).toBe('/p?dependent=d1&name=x&trigger=declared-contact&declaredOn=2026-12-02');
    expect(correctionsUrl('/p', '?dependent=d1&name=x')).toBe('/p?dependent=d1&name=x');
  });

  test('the form is checked with the API schema, in Chinese', () => {
    const target = { trigger: 'close-contact' as const };
    expect(buildCorrection(target, { category: '', text: ' ' })).toEqual({ ok: false, errors: expect.objectContaining({ category: '请选择纠错原因', text: '请简要说明情况（至少2个字）' }) });
    expect(buildCorrection(target, { category: 'not-me', text: 'x'.repeat(201) })).toEqual({ ok: false, errors: { text: '说明请不超过200字' } });
    expect(buildCorrection(target, { category: 'not-me', text: ' 当天不在现场 ' })).toEqual({ ok: true, body: { trigger: 'close-contact', category: 'not-me', text: '当天不在现场' } });
  });

  test('429: the server’s sentence, and the time from Retry-After when it comes with one', () => {
    expect(filingFailure(tooMany(), NOW)).toEqual({ notice: '24小时内最多提交5次纠错申请，请约3小时后再试', tone: 'warn', keepForm: true });
    expect(filingFailure(tooMany(3 * 3600), NOW)).toEqual({
      notice: '24小时内最多提交5次纠错申请，请约3小时后再试（可在13:00:00后再提交）',
      tone: 'warn',
      keepForm: true,
      retryAtMs: NOW.getTime() + 3 * 3600 * 1000,
    });
    expect(filingFailure(tooMany(20 * 3600), NOW).notice).toContain('（可在2026年12月3日 06:00后再提交）');
    expect(retryAfterSeconds({ 'Retry-After': '120' })).toBe(120);
    expect(retryAfterSeconds({ 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' })).toBeUndefined();
    expect(retryAfterSeconds(undefined)).toBeUndefined();
  });

  test('409 closes the form; an open correction of the same item and day is found, a decided one is not', () => {
    const conflict = { ok: false as const, kind: 'problem' as const, status: 409, problem: { type: 'x', title: '操作与当前状态冲突', status: 409, detail: '您的健康码目前没有这一项，无需纠错' } };
    expect(filingFailure(conflict, NOW)).toEqual({ notice: '您的健康码目前没有这一项，无需纠错', tone: 'warn', keepForm: false });
    const base: ResidentCorrection = { id: 'c1', trigger: 'declared-contact', triggerLabel: '申报的接触史', declaredOn: '2026-12-02', category: 'other', state: 'pending', stateText: '', filedAt: NOW.toISOString() };
    const target = { trigger: 'declared-contact' as const, declaredOn: '2026-12-02' };
    expect(openCorrectionOf([base], target)?.id).toBe('c1');
    expect(openCorrectionOf([{ ...base, state: 'rejected' }], target)).toBeUndefined();
    expect(openCorrectionOf([base], { ...target, declaredOn: '2026-12-01' })).toBeUndefined();
  });
});
