/**
 * A ruleset document checked for people: the ruleset schema (shared/rules/schema.ts) speaks English to
 * the engineers who write rulesets; officials read Chinese. Known messages are translated; any other
 * keeps its path and gets a generic Chinese text. The console checks an upload with this before
 * sending it; the server (functions/core/authority/rulesets.ts) answers the same list.
 */
import type { z } from 'zod';
import { parseRuleset, type Ruleset } from '../rules/schema';
import { formatIssues, type IssueEntry } from './errors';

const MESSAGES: ReadonlyArray<[RegExp, string]> = [
  [/semantic version/, '版本号应为语义化版本，例如1.1.0'],
  [/inside validTemperature/, '发热体温阈值应在有效体温范围之内'],
  [/the engine clears/, '此触发条件的解除方式与规则引擎不符'],
  [/must contain/, '文案缺少必需的占位符'],
];

export function chineseRulesetIssues(error: z.ZodError): IssueEntry[] {
  return formatIssues(error).map(({ path, message }) => {
    if (/[\u4e00-\u9fff]/.test(message)) return { path, message };
    const known = MESSAGES.find(([pattern]) => pattern.test(message));
    return { path, message: known ? known[1] : '内容不正确' };
  });
}

/** The parsed ruleset, or every problem in Chinese. */
export function checkRulesetDocument(document: unknown): { ok: true; ruleset: Ruleset } | { ok: false; issues: IssueEntry[] } {
  const parsed = parseRuleset(document);
  return parsed.success ? { ok: true, ruleset: parsed.data } : { ok: false, issues: chineseRulesetIssues(parsed.error) };
}
