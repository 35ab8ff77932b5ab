import type { ZodType } from 'zod';
import { formatIssues } from '../../../shared/api';
import { ValidationError } from '../errors';

/**
 * Parses input with a schema built for this request's `now` (travel dates, birth dates). The
 * middleware checks the static shape; rules that depend on the time are checked here, with the same
 * Chinese problem+json 400.
 */
export function parseInput<T>(schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = formatIssues(result.error);
  throw new ValidationError(errors[0]?.message ?? '请求内容有误', errors);
}
