/**
 * `npm run preview`: every page of both mini-programs in each state, as PNG under .build/preview/.
 *   npm run preview                          start a local stack on free ports, render everything, stop it
 *   npm run preview -- --only code,inspector only the states whose name contains one of the words
 *   npm run preview -- --api-url http://127.0.0.1:3000   use a stack already running (npm start)
 *   npm run preview -- --update-docs         also write the contact sheet to docs/preview/contact-sheet.png
 *                                            and the console's dashboard, upload, approval and checkpoints to docs/
 * The officials' console (console/) is screenshotted after the mini-programs (./console.ts).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { launchBrowser } from './browser';
import { renderConsolePreviews } from './console';
import { dirname, join, relative } from 'node:path';
import { startLocalStack, type LocalStack } from '../../scripts/lib/stack';
import { DOCS_CONSOLE_SHOTS, DOCS_SHEET, parseCli, USAGE } from './args';
import { renderPreviews } from './index';

async function main(): Promise<number> {
  let options;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if ('help' in options) {
    console.log(USAGE);
    return 0;
  }
  const started = Date.now();
  let stack: LocalStack | undefined;
  const stop = async () => {
    await stack?.stop().catch(() => undefined);
    stack = undefined;
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    let apiUrl = options.apiUrl;
    if (!apiUrl) {
      console.log('Starting a local stack (DynamoDB Local + the API) on free ports…');
      stack = await startLocalStack({ streamWatchMs: 0 });
      apiUrl = stack.apiUrl;
    } else {
      const health = await fetch(`${apiUrl}/v1/health`).catch(() => undefined);
      if (!health?.ok) throw new Error(`--api-url ${apiUrl} does not answer GET /v1/health: start it with npm start, or leave out --api-url`);
    }
    const sheet = join(options.outDir, 'contact-sheet.png');
    console.log(`Rendering the previews against ${apiUrl}:`);
    const results = await renderPreviews({ apiUrl, outDir: options.outDir, only: options.only, contactSheet: options.only.length ? undefined : sheet, log: (line) => console.log(line) });
    const browser = await launchBrowser();
    const consoleShots = await renderConsolePreviews({ apiUrl, outDir: options.outDir, browser, only: options.only, log: (line) => console.log(line) }).finally(() => browser.close());
    if (results.length + consoleShots.length === 0) throw new Error(`--only ${options.only.join(',')} matches no state`);
    const overflowing = results.filter((r) => r.overflow.length > 0);
    for (const r of overflowing) console.warn(`  ! ${r.name}: text outside the 375 px viewport: ${r.overflow.map((o) => `"${o.text}" (${o.left}..${o.right} px)`).join(', ')}`);
    if (options.updateDocs) {
      mkdirSync(dirname(DOCS_SHEET), { recursive: true });
      copyFileSync(sheet, DOCS_SHEET);
      console.log(`Contact sheet copied to ${DOCS_SHEET}`);
      for (const shot of consoleShots.filter((c) => DOCS_CONSOLE_SHOTS.includes(c.name))) {
        copyFileSync(shot.png, join('docs', `${shot.name}.png`));
        console.log(`Console screenshot copied to docs/${shot.name}.png`);
      }
    }
    console.log(`${results.length + consoleShots.length} PNG file(s) in ${relative(process.cwd(), options.outDir) || '.'} in ${((Date.now() - started) / 1000).toFixed(1)} s${options.only.length ? '' : `; contact sheet ${relative(process.cwd(), sheet)}`}`);
    return overflowing.length > 0 ? 1 : 0;
  } catch (error) {
    console.error(`npm run preview failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await stop();
  }
}

process.exitCode = await main();
