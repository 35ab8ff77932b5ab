import { z } from 'zod';
import { MAX_REPORTED_ISSUES, chineseErrorMap, formatIssues, problem } from '../../../../shared/api';

const CHINESE = /[\u4e00-\u9fff]/;

describe('the Chinese error map', () => {
  it('is installed for schemas written anywhere, once shared/api is imported', () => {
    const schema = z.strictObject({ name: z.string().max(3), age: z.number(), tags: z.array(z.string()).min(1) });
    const issues = formatIssues(schema.safeParse({ name: 'abcd', tags: [], extra: true }).error!);
    expect(issues).toEqual([
      { path: 'name', message: '不能超过3个字符' },
      { path: 'age', message: '请填写此项' },
      { path: 'tags', message: '至少1项' },
      { path: '', message: '不支持的字段：extra' },
    ]);
  });

  it('phrases wrong types, enum values and formats in Chinese', () => {
    const schema = z.strictObject({ a: z.number(), b: z.enum(['x', 'y']), c: z.email(), d: z.boolean() });
    for (const issue of formatIssues(schema.safeParse({ a: 'one', b: 'z', c: 'no', d: 1 }).error!)) {
      expect(issue.message).toMatch(CHINESE);
    }
    expect(formatIssues(z.strictObject({}).safeParse(null).error!)).toEqual([{ path: '', message: '提交的内容格式不正确' }]);
  });

  it('returns undefined for issue kinds it does not phrase, so the zh-CN locale answers', () => {
    expect(chineseErrorMap({ code: 'weird' } as never)).toBeUndefined();
  });
});

describe('formatIssues', () => {
  it('joins paths with dots and caps the list', () => {
    const schema = z.array(z.strictObject({ n: z.number() }));
    const issues = formatIssues(schema.safeParse(Array.from({ length: 200 }, () => ({ n: 'x' }))).error!);
    expect(issues).toHaveLength(MAX_REPORTED_ISSUES);
    expect(issues[0]).toEqual({ path: '0.n', message: '应填写数字' });
  });

  it('drops duplicates', () => {
    const schema = z.string().refine(() => false, '错').refine(() => false, '错');
    expect(formatIssues(schema.safeParse('a').error!)).toEqual([{ path: '', message: '错' }]);
  });
});

describe('problem', () => {
  it('accepts a problem+json body and refuses extra fields such as a stack trace', () => {
    const body = { type: 'about:blank', title: '输入有误', status: 400, detail: '请检查后重试', errors: [{ path: 'name', message: '请填写姓名' }] };
    expect(problem.parse(body)).toEqual(body);
    expect(problem.safeParse({ ...body, stack: 'Error: at …' }).success).toBe(false);
    expect(problem.safeParse({ ...body, status: 200 }).success).toBe(false);
  });
});
