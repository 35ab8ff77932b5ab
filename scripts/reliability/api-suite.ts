/** The API test suite (`npm test -- tests/api`) run by `npm run reliability` for its log capture. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './run-context';

export const API_SUITE_COMMAND = 'npm test -- tests/api';
export const API_SUITE_LOG = join(ROOT, '.build', 'test-logs', 'api.log');
/** The whole run must stay under 20 minutes; the rest takes about 7. */
export const API_SUITE_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs the API test suite (its jest global setup starts a stack of its own and writes that API's log
 * to .build/test-logs/api.log). In its own process group, so that a run over the time limit is
 * stopped with everything it started (DynamoDB Local, serverless-offline).
 */
export function runApiSuite(timeoutMs: number): Promise<{ code: number | null; timedOut: boolean; output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['test', '--', 'tests/api'], {
      cwd: ROOT,
      env: { ...process.env, SECRETS_JSON: '', DYNAMODB_ENDPOINT: '', TABLE_NAME: '', API_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-256 * 1024);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const signal = (sig: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      signal('SIGTERM');
      setTimeout(() => signal('SIGKILL'), 15_000).unref();
    }, timeoutMs);
    // Its own process group does not get the terminal's Ctrl-C: pass it on.
    const onInterrupt = () => {
      signal('SIGTERM');
      process.exit(130);
    };
    process.once('SIGINT', onInterrupt);
    const done = () => {
      clearTimeout(timer);
      process.off('SIGINT', onInterrupt);
    };
    child.on('error', (err) => {
      done();
      reject(err);
    });
    child.on('close', (code) => {
      done();
      resolve({ code, timedOut, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}
