import type { z } from 'zod';
import { formatIssues } from '../../../../shared/api';

/** 2024-06-15 10:00 in Lishui. */
export const NOW = new Date('2024-06-15T10:00:00+08:00');

/** A valid resident ID (GB 11643-1999 example) and the same number with a wrong check digit. */
export const VALID_ID = '11010519491231002X';
export const WRONG_CHECK_DIGIT_ID = '110105194912310021';

/** The `{ path, message }` list of a failed parse, or a failure when the parse succeeded. */
export function issuesOf(schema: z.ZodType, body: unknown): Array<{ path: string; message: string }> {
  const result = schema.safeParse(body);
  if (result.success) throw new Error(`expected a rejection, got ${JSON.stringify(result.data)}`);
  return formatIssues(result.error);
}

/** The message at one path; fails when there is none. */
export function messageAt(schema: z.ZodType, body: unknown, path: string): string {
  const found = issuesOf(schema, body).filter((issue) => issue.path === path);
  if (found.length === 0) throw new Error(`no issue at "${path}": ${JSON.stringify(issuesOf(schema, body))}`);
  return found.map((issue) => issue.message).join(' | ');
}

export const HUGE = 'x'.repeat(100_000);
