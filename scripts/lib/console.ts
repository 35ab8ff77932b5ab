/** Builds the officials' console (console/ → console/dist) for `npm start` and the browser tests. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CONSOLE_CONFIG = fileURLToPath(new URL('../../console/vite.config.ts', import.meta.url));

/** Runs Vite in its own process (inside jest's VM modules its bundler refuses plugins from another realm). */
export function buildConsole(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build', '--config', CONSOLE_CONFIG, '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-5000)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`console build failed (vite exit ${code}):\n${errors}`))));
  });
}
