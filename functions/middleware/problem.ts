import { AppError, MethodNotAllowedError, PROBLEM_BASE, RateLimitedError, type FieldProblem } from '../core/errors';

export interface HttpResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/**
 * The answers for failures that no domain error describes: the body parser's, the size guard's, an
 * unexpected crash, and (through scripts/lib/offline-guard.mjs) serverless-offline's own refusals.
 * One table, so every producer answers with the same type, title and detail.
 */
export const GENERIC_PROBLEMS = {
  invalidJson: { status: 400, type: `${PROBLEM_BASE}invalid-input`, title: '请求内容有误', detail: '请求内容不是有效的 JSON' },
  tooDeep: { status: 400, type: `${PROBLEM_BASE}invalid-input`, title: '请求内容有误', detail: '请求内容嵌套层级过深' },
  badRequest: { status: 400, type: `${PROBLEM_BASE}invalid-input`, title: '请求内容有误', detail: '请求无法识别，请检查后重试' },
  notFound: { status: 404, type: `${PROBLEM_BASE}not-found`, title: '未找到', detail: '没有这个接口，请检查地址是否正确' },
  tooLarge: { status: 413, type: `${PROBLEM_BASE}payload-too-large`, title: '请求内容过大', detail: '请求内容过大，请精简后重试' },
  unsupportedMediaType: { status: 415, type: `${PROBLEM_BASE}unsupported-media-type`, title: '请求格式不支持', detail: '请以 application/json 格式提交请求内容' },
  internal: { status: 500, type: `${PROBLEM_BASE}internal`, title: '服务器开小差了', detail: '系统出现异常，请稍后再试' },
  badGateway: { status: 502, type: `${PROBLEM_BASE}internal`, title: '服务器开小差了', detail: '系统出现异常，请稍后再试' },
  busy: { status: 503, type: `${PROBLEM_BASE}unavailable`, title: '服务繁忙', detail: '系统繁忙，请稍后再试' },
  timeout: { status: 504, type: `${PROBLEM_BASE}unavailable`, title: '服务繁忙', detail: '处理超时，请稍后再试' },
} as const;

/** The generic problem for each status serverless-offline may answer by itself (scripts/lib/offline-guard.mjs). */
export function problemsByStatus(): Record<number, GenericProblem> {
  const { badRequest, notFound, tooLarge, unsupportedMediaType, internal, badGateway, busy, timeout } = GENERIC_PROBLEMS;
  return Object.fromEntries([badRequest, notFound, tooLarge, unsupportedMediaType, internal, badGateway, busy, timeout].map((p) => [p.status, p]));
}

export type GenericProblem = (typeof GENERIC_PROBLEMS)[keyof typeof GENERIC_PROBLEMS];

/** A problem+json response. */
export function problemResponse(status: number, title: string, detail: string, type: string = GENERIC_PROBLEMS.internal.type, errors?: FieldProblem[], headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode: status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...headers },
    body: JSON.stringify({ type, title, status, detail, ...(errors && errors.length ? { errors } : {}) }),
  };
}

function generic(problem: GenericProblem): HttpResponse {
  return problemResponse(problem.status, problem.title, problem.detail, problem.type);
}

const THROTTLE_OR_TRANSIENT = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TransactionInProgressException',
]);

/** True for failures of a dependency (DynamoDB, a vendor API) that deserve a 503, not a 500. */
export function isDependencyFailure(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $fault?: string };
  if (e.name && THROTTLE_OR_TRANSIENT.has(e.name)) return true;
  if (e.code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN'].includes(e.code)) return true;
  if (e.$fault === 'server') return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isDependencyFailure(cause);
}

/** Errors raised by middy's own middlewares carry a status code and an English message. */
function middyStatus(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; expose?: unknown };
  return typeof e?.statusCode === 'number' && e.expose !== false ? e.statusCode : undefined;
}

/**
 * Maps any thrown value to problem+json. Known domain errors keep their Chinese detail; anything
 * unexpected becomes a generic 500 that leaks nothing.
 */
export function toProblem(error: unknown): HttpResponse {
  if (error instanceof MethodNotAllowedError) {
    return problemResponse(error.status, error.title, error.detail, error.type, undefined, { allow: error.allow.join(', ') });
  }
  if (error instanceof RateLimitedError && error.retryAfterSeconds !== undefined) {
    const response = problemResponse(error.status, error.title, error.detail, error.type);
    return { ...response, headers: { ...response.headers, 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) } };
  }
  if (error instanceof AppError) return problemResponse(error.status, error.title, error.detail, error.type, error.errors);
  const status = middyStatus(error);
  if (status === 415) return generic(GENERIC_PROBLEMS.unsupportedMediaType);
  if (status === 422 || status === 400) return generic(GENERIC_PROBLEMS.invalidJson);
  if (status === 413) return generic(GENERIC_PROBLEMS.tooLarge);
  if (isDependencyFailure(error)) return generic(GENERIC_PROBLEMS.busy);
  return generic(GENERIC_PROBLEMS.internal);
}
