/**
 * Turning API answers and local validation into what a page shows: one Chinese message per form
 * field, and one plain sentence for everything else. Pure: no `my`, no `this`.
 */
import { formatIssues, problem as problemSchema, type Problem } from '../../shared/api';
import type { z } from 'zod';

/** The outcome of one API call, as the platform module reports it. */
export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; kind: 'problem'; status: number; problem: Problem; retryAfterSeconds?: number }
  | { ok: false; kind: 'network'; message: string };

/** Messages keyed by the dotted path of the field they belong to (`temperature`, `travel.0.to`). */
export type FieldErrors = Record<string, string>;

const FALLBACK_TITLES: Readonly<Record<number, string>> = {
  400: '填写的内容有误',
  401: '登录已过期，请重新登录',
  403: '没有权限进行此操作',
  404: '没有找到相关信息',
  409: '操作与当前状态冲突',
  422: '暂时无法办理',
  429: '操作太频繁，请稍后再试',
  503: '服务暂时不可用，请稍后再试',
};

/**
 * The seconds of a `Retry-After` header (429, 503), when it holds a number; an HTTP date or anything
 * else is ignored, and the problem's own sentence says when to come back.
 * @example retryAfterSeconds({ 'retry-after': '120' }) === 120
 */
export function retryAfterSeconds(headers: unknown): number | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (name.toLowerCase() !== 'retry-after') continue;
    const text = Array.isArray(value) ? String(value[0]) : String(value);
    return /^\d{1,7}$/.test(text.trim()) ? Number(text.trim()) : undefined;
  }
  return undefined;
}

/** The sentence shown when the phone cannot reach the API at all. */
export const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';

/**
 * Reads an error answer. A problem+json body is taken as it is; anything else (a gateway's HTML
 * page, an empty body) becomes a problem with a Chinese title chosen by the status code.
 * @example toProblem(503, '') → { status: 503, title: '服务暂时不可用，请稍后再试', … }
 */
export function toProblem(status: number, body: unknown): Problem {
  const parsed = problemSchema.safeParse(typeof body === 'string' ? parseJson(body) : body);
  if (parsed.success) return parsed.data;
  const title = FALLBACK_TITLES[status] ?? (status >= 500 ? '服务出了点问题，请稍后再试' : '请求未能完成');
  return { type: 'about:blank', title, status, detail: title };
}

/** What the resident reads when an answer is not what the API contract promises. */
export const UNEXPECTED_ANSWER = '服务返回的内容无法识别，请稍后再试';

/**
 * Checks a 2xx body against its shared schema. Fields the client does not know yet (the contract
 * allows additions) are accepted; anything missing or of the wrong type is not.
 */
export function acceptBody<T>(schema: z.ZodType<T>, body: unknown): { ok: true; data: T } | { ok: false } {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, data: result.data };
  if (result.error.issues.every((issue) => issue.code === 'unrecognized_keys')) return { ok: true, data: body as T };
  return { ok: false };
}

/** JSON.parse that answers undefined instead of throwing. */
export function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The per-field messages of a problem (first message wins per field). */
export function problemFieldErrors(problem: Problem): FieldErrors {
  const errors: FieldErrors = {};
  for (const entry of problem.errors ?? []) {
    if (entry.path && errors[entry.path] === undefined) errors[entry.path] = entry.message;
  }
  return errors;
}

/** The per-field messages of a failed local zod validation, in the same shape as problemFieldErrors. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const entry of formatIssues(error)) {
    const path = entry.path || 'form';
    if (errors[path] === undefined) errors[path] = entry.message;
  }
  return errors;
}

/** The one sentence to show for a failed call: the problem's detail, or the network message. */
export function failureMessage(result: Exclude<ApiResult<unknown>, { ok: true }>): string {
  return result.kind === 'network' ? result.message : result.problem.detail || result.problem.title;
}
