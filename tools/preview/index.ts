/**
 * The previews: every state of runScenarios rendered to HTML (render.ts, document.ts), opened in
 * headless Chromium at 375 px and saved as PNG, with what each screenshot shows that a check needs:
 * the text that leaves the viewport, the QR payload jsQR reads, the colour where the state is drawn.
 * A contact sheet of the main screens is made in the same browser.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import jsQR from 'jsqr';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { colourProbe, launchBrowser, openPage, phoneTab, shoot, type ColourProbe, type Overflow } from './browser';
import { pageDocument } from './document';
import { runScenarios, type Capture } from './scenarios';

export interface PreviewResult {
  name: string;
  label: string;
  app: string;
  route: string;
  png: string;
  main: boolean;
  expectColor?: Capture['expectColor'];
  overflow: Overflow[];
  /** What jsQR reads from the screenshot, when it shows a code. */
  payload?: string;
  colour: ColourProbe & { pixel: [number, number, number]; seen: CodeHue | 'none' };
}

export type CodeHue = 'green' | 'yellow' | 'red';

/** Which code colour a pixel reads as at a glance (hue bands), or none for greys and other hues. */
export function hueOf([r, g, b]: readonly [number, number, number]): CodeHue | 'none' {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  // Saturation, not spread alone: a dark ink (#063d1a, the pass screen's) is as green as a bright one.
  if (d < 24 || d / max < 0.3) return 'none';
  const h = max === r ? (((g - b) / d) % 6) * 60 : max === g ? ((b - r) / d + 2) * 60 : ((r - g) / d + 4) * 60;
  const hue = (h + 360) % 360;
  if (hue < 20 || hue >= 340) return 'red';
  if (hue >= 30 && hue < 65) return 'yellow';
  if (hue >= 90 && hue < 170) return 'green';
  return 'none';
}

/** The RGB of one CSS pixel of a screenshot taken at `scale` device pixels per CSS pixel. */
async function pixelAt(png: Buffer, x: number, y: number, scale: number): Promise<[number, number, number]> {
  const left = Math.round(x * scale);
  const top = Math.round(y * scale);
  const raw = await sharp(png).extract({ left, top, width: 1, height: 1 }).removeAlpha().raw().toBuffer();
  return [raw[0]!, raw[1]!, raw[2]!];
}

async function decodeQr(png: Buffer): Promise<string | undefined> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height, { inversionAttempts: 'dontInvert' })?.data;
}

export interface PreviewOptions {
  apiUrl: string;
  outDir: string;
  only?: readonly string[];
  /** Where to write the contact sheet (none when unset). */
  contactSheet?: string;
  log?: (line: string) => void;
  /** Called as soon as a state is shot, while its code is still fresh (a test verifies the payload here). */
  onResult?: (result: PreviewResult) => Promise<void>;
}

/** Renders, screenshots and inspects every state; answers one result per PNG written. */
export async function renderPreviews(options: PreviewOptions): Promise<PreviewResult[]> {
  const htmlDir = join(options.outDir, 'html');
  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  const results: PreviewResult[] = [];
  const browser = await launchBrowser();
  let tab: Page | undefined;
  try {
    // Time since the last shot: the page logic and HTTP that reached this state, plus this render.
    let last = Date.now();
    await runScenarios({ apiUrl: options.apiUrl, only: options.only }, async (capture) => {
      const htmlFile = join(htmlDir, `${capture.name}.html`);
      writeFileSync(htmlFile, pageDocument(capture.appDir, capture.route, capture.data));
      // One tab for every state: the font, once decoded, serves them all.
      tab ??= await phoneTab(browser);
      const page = await openPage(browser, pathToFileURL(htmlFile).href, tab);
      {
        const shot = await shoot(page);
        const probe = await colourProbe(page);
        const png = join(options.outDir, `${capture.name}.png`);
        writeFileSync(png, shot.png);
        const pixel = await pixelAt(shot.png, probe.x, probe.y, shot.scale);
        // jsQR over a whole tall screenshot is slow: only where the page shows a code image.
        const showsCode = (await page.locator('img[src^="data:image/svg+xml"]').count()) > 0;
        const payload = showsCode ? await decodeQr(shot.png) : undefined;
        const result: PreviewResult = {
          name: capture.name,
          label: capture.label,
          app: relative(process.cwd(), capture.appDir),
          route: capture.route,
          png,
          main: capture.main ?? false,
          ...(capture.expectColor ? { expectColor: capture.expectColor } : {}),
          overflow: shot.overflow,
          ...(payload ? { payload } : {}),
          colour: { ...probe, pixel, seen: hueOf(pixel) },
        };
        results.push(result);
        await options.onResult?.(result);
        options.log?.(`  ${capture.name.padEnd(30)} ${capture.route.padEnd(24)} ${((Date.now() - last) / 1000).toFixed(1)} s`);
        last = Date.now();
        return { payload };
      }
    });
    writeFileSync(join(options.outDir, 'manifest.json'), `${JSON.stringify(results, null, 2)}\n`);
    if (options.contactSheet) await contactSheet(browser, results.filter((r) => r.main), options.contactSheet, htmlDir);
  } finally {
    await browser.close();
  }
  return results;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One PNG of the main screens: the first phone screen of each, in rows, labelled. */
async function contactSheet(browser: Browser, shots: readonly PreviewResult[], file: string, htmlDir: string): Promise<void> {
  if (shots.length === 0) return;
  const columns = 6;
  const thumb = 180;
  const tiles = shots
    .map((s) => `<figure><div class="shot" style="background-image:url('${pathToFileURL(s.png).href}')"></div><figcaption>${escapeHtml(s.label)}</figcaption></figure>`)
    .join('');
  const font = pathToFileURL(join(process.cwd(), 'node_modules/@fontsource-variable/noto-sans-sc/index.css')).href;
  const html = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="${font}"><style>
    body { margin: 0; padding: 16px; background: #e9ebee; font-family: 'Noto Sans SC Variable', sans-serif; width: ${columns * (thumb + 16)}px; }
    main { display: grid; grid-template-columns: repeat(${columns}, ${thumb}px); gap: 16px; }
    figure { margin: 0; }
    .shot { width: ${thumb}px; height: ${Math.round((thumb * 667) / 375)}px; background-size: ${thumb}px auto; background-repeat: no-repeat; background-color: #fff; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.2); }
    figcaption { text-align: center; font-size: 14px; margin-top: 6px; color: #1f2329; }
  </style></head><body><main>${tiles}</main></body></html>`;
  const sheetHtml = join(htmlDir, 'contact-sheet.html');
  writeFileSync(sheetHtml, html);
  const page = await browser.newPage({ viewport: { width: columns * (thumb + 16) + 16, height: 400 }, deviceScaleFactor: 1 });
  try {
    await page.route(/^https?:/, (route) => route.abort());
    await page.goto(pathToFileURL(sheetHtml).href, { waitUntil: 'load' });
    await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
    const png = await page.screenshot({ fullPage: true, type: 'png' });
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, await sharp(png).png({ compressionLevel: 9, palette: true, quality: 90 }).toBuffer());
  } finally {
    await page.close();
  }
}
