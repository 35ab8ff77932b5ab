import { AppError, RateLimitedError, type FieldProblem } from '../core/errors';

export interface HttpResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** A problem+json response. */
export function problemResponse(status: number, title: string, detail: string, type = 'about:blank', errors?: FieldProblem[]): HttpResponse {
  return {
    statusCode: status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' },
    body: JSON.stringify({ type, title, status, detail, ...(errors && errors.length ? { errors } : {}) }),
  };
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
  if (error instanceof RateLimitedError && error.retryAfterSeconds !== undefined) {
    const response = problemResponse(error.status, error.title, error.detail, error.type);
    return { ...response, headers: { ...response.headers, 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) } };
  }
  if (error instanceof AppError) return problemResponse(error.status, error.title, error.detail, error.type, error.errors);
  const status = middyStatus(error);
  if (status === 415) return problemResponse(415, '请求格式不支持', '请以 application/json 格式提交请求内容');
  if (status === 422 || status === 400) return problemResponse(400, '请求内容有误', '请求内容不是有效的 JSON');
  if (status === 413) return problemResponse(400, '请求内容有误', '请求内容过大');
  if (isDependencyFailure(error)) return problemResponse(503, '服务繁忙', '系统繁忙，请稍后再试');
  return problemResponse(500, '服务器开小差了', '系统出现异常，请稍后再试');
}
