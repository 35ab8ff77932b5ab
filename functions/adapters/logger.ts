import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one structured JSON logger. Log lines carry ids, routes, statuses and durations, never a
 * name, an ID number or a phone number: callers pass masked values or references only.
 */
export const logger = new Logger({
  serviceName: 'health-code',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | 'DEBUG' | 'WARN' | 'ERROR' | 'SILENT' | undefined) ?? 'INFO',
});
