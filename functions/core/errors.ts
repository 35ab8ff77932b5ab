/**
 * Domain errors. Each subclass maps to exactly one HTTP status, in this one place; the error
 * middleware turns them into problem+json. Titles and details are Chinese, for the person at the
 * screen; they never carry internal messages, names, ID numbers or phone numbers.
 */
import { PROBLEM_TYPES } from '../../shared/api/problem-types';

export interface FieldProblem {
  path: string;
  message: string;
}

/** Every problem type the API answers with, under one base: clients may switch on `type`. */
export const PROBLEM_BASE = 'https://health-code.lishui.example/problems/';

export class AppError extends Error {
  readonly status: number = 500;
  readonly title: string = '服务器开小差了';
  readonly type: string = `${PROBLEM_BASE}internal`;
  constructor(
    readonly detail: string,
    readonly errors?: FieldProblem[],
    options?: { cause?: unknown },
  ) {
    super(detail, options);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  override readonly status = 400;
  override readonly title = '请求内容有误';
  override readonly type = 'https://health-code.lishui.example/problems/invalid-input';
}

export class UnauthenticatedError extends AppError {
  override readonly status = 401;
  override readonly title = '请先登录';
  override readonly type = 'https://health-code.lishui.example/problems/unauthenticated';
}

export class ForbiddenError extends AppError {
  override readonly status = 403;
  override readonly title = '没有权限';
  override readonly type = 'https://health-code.lishui.example/problems/forbidden';
}

export class NotFoundError extends AppError {
  override readonly status = 404;
  override readonly title = '未找到';
  override readonly type = 'https://health-code.lishui.example/problems/not-found';
}

/** A known path asked with a method it does not take; `allow` lists the ones it does. */
export class MethodNotAllowedError extends AppError {
  override readonly status = 405;
  override readonly title = '请求方法不支持';
  override readonly type = 'https://health-code.lishui.example/problems/method-not-allowed';
  constructor(
    detail: string,
    readonly allow: readonly string[],
  ) {
    super(detail);
  }
}

export class ConflictError extends AppError {
  override readonly status = 409;
  override readonly title: string = '操作冲突';
  override readonly type: string = PROBLEM_TYPES.conflict;
}

/** 409 with its own type: the holder has no real-name profile yet. */
export class NotRegisteredError extends ConflictError {
  override readonly title = '尚未完成实名登记';
  override readonly type = PROBLEM_TYPES.notRegistered;
}

/** 409 with its own type: the holder has not declared yet, so there is no code or check-in. */
export class NotDeclaredError extends ConflictError {
  override readonly title = '尚未完成健康申报';
  override readonly type = PROBLEM_TYPES.notDeclared;
}

/**
 * 409: the account is being deleted (注销). A write of the account or its dependents that meets the
 * closing mark (functions/core/resident/deletion.ts) loses and writes nothing.
 */
export class AccountClosingError extends ConflictError {
  constructor(options?: { cause?: unknown }) {
    super('账号正在注销，本次操作未保存', undefined, options);
  }
}

/** 409 with its own type: today's check-in is already recorded. */
export class AlreadyCheckedInError extends ConflictError {
  override readonly title = '今天已经打过卡';
  override readonly type = PROBLEM_TYPES.alreadyCheckedIn;
}

export class PayloadTooLargeError extends AppError {
  override readonly status = 413;
  override readonly title = '请求内容过大';
  override readonly type = 'https://health-code.lishui.example/problems/payload-too-large';
}

export class RuleRefusedError extends AppError {
  override readonly status = 422;
  override readonly title = '暂时无法办理';
  override readonly type = 'https://health-code.lishui.example/problems/refused';
}

export class RateLimitedError extends AppError {
  override readonly status = 429;
  override readonly title = '操作过于频繁';
  override readonly type = 'https://health-code.lishui.example/problems/rate-limited';
  /** Seconds until the window ends: sent as `Retry-After`. */
  retryAfterSeconds?: number;
  constructor(detail: string, retryAfterSeconds?: number, options?: { cause?: unknown }) {
    super(detail, undefined, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A dependency (DynamoDB, Alipay, DingTalk) is busy or down: trying again later may work. */
export class DependencyUnavailableError extends AppError {
  override readonly status = 503;
  override readonly title = '服务繁忙';
  override readonly type = 'https://health-code.lishui.example/problems/unavailable';
}

/**
 * A feature this deployment has not been set up for (no Alipay app, no DingTalk app): trying again
 * will not help until an administrator configures it, so the answer says so instead of "busy".
 */
export class NotConfiguredError extends AppError {
  override readonly status = 503;
  override readonly title = '功能未开通';
  override readonly type = 'https://health-code.lishui.example/problems/not-configured';
}
