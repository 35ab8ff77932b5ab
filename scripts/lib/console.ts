/** Builds the officials' console (console/ → console/dist) for `npm start` and the browser tests. */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CONSOLE_CONFIG = fileURLToPath(new URL('../../console/vite.config.ts', import.meta.url));
const DIST = join(ROOT, 'console', 'dist');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(join(dir, name)).isFile());
}

/**
 * Vite empties its output folder before writing, so a stack serving console/dist while another build
 * runs (npm start beside the tests) would answer 404 for a moment. The build goes to a folder of its
 * own, then each file is renamed into place (atomic per file, index.html last: its assets exist first),
 * and only then are files the new build no longer has removed.
 */
export async function buildConsole(): Promise<void> {
  const out = join(ROOT, 'console', `.dist-${process.pid}-${Date.now().toString(36)}`);
  try {
    await vite(out);
    const built = filesUnder(out).sort((a, b) => Number(a === 'index.html') - Number(b === 'index.html'));
    for (const name of built) {
      mkdirSync(join(DIST, name, '..'), { recursive: true });
      renameSync(join(out, name), join(DIST, name));
    }
    const keep = new Set(built);
    for (const name of filesUnder(DIST)) if (!keep.has(name)) rmSync(join(DIST, name), { force: true });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Runs Vite in its own process (inside jest's VM modules its bundler refuses plugins from another realm).
 * Its project lock would fail a second concurrent build; each writes its own folder, so none is needed.
 */
function vite(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = [`${ROOT}node_modules/vite/bin/vite.js`, 'build', '--config', CONSOLE_CONFIG, '--outDir', relative(join(ROOT, 'console'), outDir), '--logLevel', 'warn', '--bypass-lock'];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-5000)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`console build failed (vite exit ${code}):\n${errors}`))));
  });
}
