/** The command line of `npm run preview`, checked before anything starts. */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run preview -- [--only word,word] [--api-url URL] [--out DIR] [--update-docs]
  --only         render only the states whose name contains one of these words (e.g. code,inspector)
  --api-url      the API of a stack already running (default: start a local stack on free ports)
  --out          where the PNGs go (default .build/preview)
  --update-docs  copy the contact sheet to docs/preview/contact-sheet.png and the console's main pages to docs/ (the ones the README shows)`;

export const DOCS_SHEET = join('docs', 'preview', 'contact-sheet.png');
/** The console screenshots the README shows, copied to docs/<name>.png by --update-docs. */
export const DOCS_CONSOLE_SHOTS: readonly string[] = ['console-dashboard', 'console-approval', 'console-upload', 'console-checkpoints'];

export interface CliOptions {
  only: string[];
  apiUrl?: string;
  outDir: string;
  updateDocs: boolean;
}

/** The command line, or an error whose message says what is wrong and how to call it. */
export function parseCli(argv: readonly string[]): CliOptions | { help: true } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        only: { type: 'string' },
        'api-url': { type: 'string' },
        out: { type: 'string' },
        'update-docs': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
  const v = parsed.values;
  if (v.help) return { help: true };
  const only = (v.only ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (v.only !== undefined && only.length === 0) throw new Error(`--only needs at least one word, e.g. --only code\n${USAGE}`);
  if (v['api-url'] !== undefined) {
    let url: URL;
    try {
      url = new URL(v['api-url']);
    } catch {
      throw new Error(`--api-url "${v['api-url']}" is not a URL, e.g. http://127.0.0.1:3000\n${USAGE}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--api-url must be http(s), got ${url.protocol}\n${USAGE}`);
  }
  if (v['update-docs'] && only.length > 0) throw new Error(`--update-docs needs every state: leave out --only\n${USAGE}`);
  return { only, ...(v['api-url'] ? { apiUrl: v['api-url'].replace(/\/$/, '') } : {}), outDir: resolve(v.out ?? join('.build', 'preview')), updateDocs: v['update-docs'] ?? false };
}
