/** npm start's arguments, environment and messages, apart from start.ts so they can be tested without starting it. */
import { portInUse } from './dynamodb-local';
import type { JobRun } from './schedules';

export const USAGE = 'Usage: npm start [-- --persist]   (environment: PORT, DYNAMODB_PORT, VERBOSE, LOG_LEVEL; see README)';

/** A TCP port from the environment, or a clear message naming the variable. */
export function portFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`${name}=${raw} is not a TCP port (1–65535).`);
  return port;
}

export class UsageError extends Error {}

/** The options npm start takes; anything else is a mistake worth saying so. */
export function parseStartArgs(argv: string[]): { persist: boolean; help: boolean } {
  const unknown = argv.filter((a) => !['--persist', '--help', '-h'].includes(a));
  if (unknown.length) throw new UsageError(`Unknown option ${unknown.join(' ')}.\n${USAGE}`);
  return { persist: argv.includes('--persist'), help: argv.includes('--help') || argv.includes('-h') };
}

/** The first port after `taken` (in steps of 100, then 1) that nothing listens on: advice that works. */
export async function suggestPort(taken: number, inUse: (port: number) => Promise<boolean> = portInUse): Promise<number | undefined> {
  const candidates = [1, 2, 3].map((k) => taken + 100 * k).concat(Array.from({ length: 20 }, (_, k) => taken + 1 + k));
  for (const port of candidates) if (port <= 65535 && !(await inUse(port))) return port;
  return undefined;
}

/** One line for a scheduled run that did something (quiet runs print only with VERBOSE=1). */
export function jobLine(run: JobRun, verbose: boolean): string | undefined {
  const r = run.result;
  const did = Number(r.converted ?? 0) > 0 || Number(r.broken ?? 0) > 0 || (Array.isArray(r.activated) && r.activated.length > 0) || Number(r.found ?? 0) > 0;
  if (!did && !verbose) return undefined;
  const facts = ['examined', 'converted', 'activated', 'checked', 'broken', 'found', 'finished', 'unfinished']
    .filter((k) => r[k] !== undefined)
    .map((k) => `${k} ${Array.isArray(r[k]) ? (r[k] as unknown[]).join(' ') || 'none' : String(r[k])}`);
  return `  [schedule] ${run.name} at ${run.at.toISOString()} (dev clock): ${facts.join(', ')}`;
}

