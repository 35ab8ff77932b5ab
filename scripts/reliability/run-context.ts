/**
 * What every section of `npm run reliability` shares: the options, the running stack, the journey
 * whose answers the privacy scan reads, and the people and residents earlier sections created.
 */
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Secrets } from '../../functions/adapters/secrets';
import type { DynamoDbLocal } from '../lib/dynamodb-local';
import type { RouteInfo } from './catalog';
import type { Journey } from './journey';
import type { Person } from './people';
import type { Target } from './target';

export interface Options {
  duration: number;
  connections: number;
  fuzzCases: number;
  residents: number;
  quick: boolean;
  apiSuite: boolean;
}

export const USAGE = 'Usage: npm run reliability [-- --quick] [--duration s] [--connections n] [--fuzz-cases n] [--residents n] [--no-api-suite | --api-suite]';
const NUMERIC = ['duration', 'connections', 'fuzz-cases', 'residents'];
const FLAGS = ['quick', 'no-api-suite', 'api-suite'];

/** Unknown options and non-numbers are refused with the usage, not silently ignored. */
function checkArgs(argv: string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.replace(/^--/, '');
    if (FLAGS.includes(name)) continue;
    if (NUMERIC.includes(name)) {
      const raw = argv[++i];
      if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) <= 0) throw new Error(`--${name} takes a positive whole number (got ${raw ?? 'nothing'}).\n${USAGE}`);
      continue;
    }
    throw new Error(`Unknown option ${argv[i]}.\n${USAGE}`);
  }
}

export function parseOptions(argv: string[]): Options {
  checkArgs(argv);
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? Number(argv[i + 1]) : fallback;
  };
  const quick = argv.includes('--quick');
  return {
    quick,
    duration: value('duration', quick ? 10 : 60),
    connections: value('connections', 50),
    fuzzCases: value('fuzz-cases', quick ? 10 : 60),
    residents: value('residents', quick ? 40 : 120),
    // The API suite with log capture (section 5) runs by default; --quick and --no-api-suite skip it.
    apiSuite: argv.includes('--api-suite') || (!quick && !argv.includes('--no-api-suite')),
  };
}

/** One section of the report. */
export interface Section {
  title: string;
  command: string;
  ok: boolean;
  lines: string[];
}

export interface RunContext {
  options: Options;
  /** The command line of this run, as the report quotes it. */
  cmd: string;
  /** A short id of this run, in every subject and feed id it makes. */
  run: string;
  catalog: RouteInfo[];
  target: Target;
  /** Every answer it gets is scanned by the privacy section. */
  journey: Journey;
  db: DynamoDBDocumentClient;
  stack: { apiUrl: string; tableName: string; secrets: Secrets };
  /** Where DynamoDB Local keeps its data (the faults section kills and restarts it there). */
  dynamo: { port: number; dataDir: string };
  logFile: string;
  /** Everyone whose name, ID number and phone the privacy scan looks for. */
  people: Person[];
  /** Residents seeded for the load, reused by the faults section. */
  residents: Array<{ token: string; person: Person }>;
  /** DynamoDB Local as restarted by the faults section, stopped at the end. */
  restartedDynamo?: DynamoDbLocal;
}

export const CLOCK_SCOPE = 'reliability-runner';
export const ROOT = process.cwd();
export const WORK = join(ROOT, '.build', 'reliability');

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
export const log = (text: string) => console.log(`[reliability ${new Date().toISOString().slice(11, 19)}] ${text}`);

/** Runs `work` over `items`, at most `width` at a time. */
export async function pool<T>(items: T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}
