/** Builds the officials' console (console/ → console/dist) for `npm start` and the browser tests. */
import { fileURLToPath } from 'node:url';

export const CONSOLE_CONFIG = fileURLToPath(new URL('../../console/vite.config.ts', import.meta.url));

export async function buildConsole(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: CONSOLE_CONFIG, logLevel: 'warn' });
}
