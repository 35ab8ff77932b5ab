/**
 * Chinese validation messages and the problem+json error body.
 *
 * Importing this module (the api index imports it) installs our error map with `z.config`: every
 * zod message, also of schemas written elsewhere, is then Simplified Chinese for the person at the
 * screen. Field-specific messages set on a schema still win. zod's own zh-CN locale stays underneath
 * for any issue kind our map does not phrase.
 */
import * as z from 'zod';
import { zhCN } from 'zod/locales';

type Issue = z.core.$ZodRawIssue;

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: '“是”或“否”',
  array: '列表',
};

/**
 * Our wording for generic validation issues. Returns undefined for anything it does not phrase, so
 * that zod falls back to its zh-CN locale.
 */
export function chineseErrorMap(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '请填写此项';
      if (issue.expected === 'object') return '提交的内容格式不正确';
      return TYPE_NAMES[issue.expected] ? `应填写${TYPE_NAMES[issue.expected]}` : '格式不正确';
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return `不能超过${max}个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多${max}项`;
      if (issue.origin === 'number' || issue.origin === 'int') return `不能大于${max}`;
      return '内容过多';
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '请填写此项' : `至少${min}个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少${min}项`;
      if (issue.origin === 'number' || issue.origin === 'int') return `不能小于${min}`;
      return '内容过少';
    }
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_value':
      return '请从可选项中选择';
    case 'unrecognized_keys':
      return `不支持的字段：${issue.keys.join('、')}`;
    case 'invalid_union':
      return '格式不正确';
    case 'not_multiple_of':
      return '数值的精度不正确';
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      return '内容不正确';
    default:
      return undefined;
  }
}

z.config(zhCN());
z.config({ customError: chineseErrorMap });

/** One entry of problem+json `errors`: a dotted path (`travel.0.to`, '' for the whole body) and a message. */
export interface IssueEntry {
  path: string;
  message: string;
}

/** At most this many entries go into one answer: a 10,000-record body must not echo 10,000 errors. */
export const MAX_REPORTED_ISSUES = 50;

/**
 * The issues of a zod error as problem+json `errors`, e.g. `[{ path: 'travel.0.to', message: '…' }]`.
 * Duplicates are dropped and the list is capped at MAX_REPORTED_ISSUES.
 */
export function formatIssues(error: z.ZodError): IssueEntry[] {
  const seen = new Set<string>();
  const entries: IssueEntry[] = [];
  for (const issue of error.issues) {
    const entry = { path: issue.path.map(String).join('.'), message: issue.message };
    const key = `${entry.path}\u0000${entry.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push(entry);
    if (entries.length === MAX_REPORTED_ISSUES) break;
  }
  return entries;
}

export const issueEntry = z.strictObject({ path: z.string().max(200), message: z.string().max(200) });

/** `application/problem+json` body of every error answer. */
export const problem = z.strictObject({
  type: z.string().max(200),
  title: z.string().max(200),
  status: z.number().int().min(400).max(599),
  detail: z.string().max(1000),
  errors: z.array(issueEntry).max(MAX_REPORTED_ISSUES).optional(),
});
export type Problem = z.infer<typeof problem>;
