/**
 * Headless Chromium for the previews: Debian's `chromium` (or CHROMIUM_PATH) driven by playwright-core.
 * Pages load from files, so the font and images resolve locally; any request off the machine is
 * refused, so a preview never depends on (or waits for) the network.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { VIEWPORT_WIDTH } from './document';

// Globals of the page, used only inside page.evaluate callbacks (the Node program has no DOM lib).
declare const document: any;
declare const NodeFilter: any;
declare const getComputedStyle: (el: unknown) => any;

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.`);
  }
  return path;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'] });
}

/** Text that leaves the viewport, as "text (left..right px)". */
export interface Overflow {
  text: string;
  left: number;
  right: number;
}

export interface Shot {
  png: Buffer;
  /** Device pixels per CSS pixel of `png`. */
  scale: number;
  overflow: Overflow[];
}

export const DEVICE_SCALE = 2;

/** A browser tab at the phone's size that refuses every request off the machine. */
export async function phoneTab(browser: Browser, height = 667): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: VIEWPORT_WIDTH, height }, deviceScaleFactor: DEVICE_SCALE });
  await page.route(/^https?:/, (route) => route.abort());
  return page;
}

/** Loads a page file in a tab (a new one unless given) and waits for its fonts and images. */
export async function openPage(browser: Browser, fileUrl: string, tab?: Page): Promise<Page> {
  const page = tab ?? (await phoneTab(browser));
  await page.goto(fileUrl, { waitUntil: 'load' });
  await page.evaluate(async () => {
    await document.fonts.ready;
    await Promise.all([...document.images].map((img: any) => (img.complete ? undefined : new Promise((r: any) => img.addEventListener('load', r, { once: true })))));
  });
  return page;
}

/** Every visible run of text whose box leaves [0, viewport width]. */
export function textOutsideViewport(page: Page): Promise<Overflow[]> {
  return page.evaluate((width) => {
    const found: { text: string; left: number; right: number }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      if (!text) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) {
        if (rect.width === 0 || rect.height === 0) continue;
        if (rect.left < -0.5 || rect.right > width + 0.5) found.push({ text: text.slice(0, 40), left: Math.round(rect.left), right: Math.round(rect.right) });
      }
    }
    // Inputs draw their value and placeholder themselves: their boxes must fit too.
    for (const input of document.querySelectorAll('input, textarea')) {
      const rect = input.getBoundingClientRect();
      if (rect.width > 0 && (rect.left < -0.5 || rect.right > width + 0.5)) found.push({ text: input.value || input.placeholder, left: Math.round(rect.left), right: Math.round(rect.right) });
    }
    return found;
  }, VIEWPORT_WIDTH);
}

/** A full-page screenshot and the text that does not fit. */
export async function shoot(page: Page): Promise<Shot> {
  const overflow = await textOutsideViewport(page);
  const png = await page.screenshot({ fullPage: true, type: 'png' });
  return { png, scale: DEVICE_SCALE, overflow };
}

/** Where the state colour is drawn: the border of the frame around the QR code, or the verdict screen's background. */
export interface ColourProbe {
  /** CSS pixel to sample. */
  x: number;
  y: number;
  /** The colour CSS says is there, `rgb(r, g, b)`. */
  css: string;
  what: 'qr-frame' | 'screen';
}

export function colourProbe(page: Page): Promise<ColourProbe> {
  return page.evaluate(() => {
    // The code a camera would see: the topmost one (the enlarged code covers the small one).
    const qr = [...document.images].reverse().find((img: any) => {
      const rect = img.getBoundingClientRect();
      return img.src.startsWith('data:image/svg+xml') && rect.width > 0 && document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2) === img;
    });
    for (let el = qr?.parentElement; el && el !== document.body; el = el.parentElement) {
      const style = getComputedStyle(el);
      const width = parseFloat(style.borderLeftWidth);
      if (width >= 2 && style.borderLeftStyle !== 'none' && !/rgba\(.*, 0\)/.test(style.borderLeftColor)) {
        const rect = el.getBoundingClientRect();
        return { x: rect.left + width / 2, y: rect.top + rect.height / 2, css: style.borderLeftColor, what: 'qr-frame' as const };
      }
    }
    // A stop screen is dark for every colour: the person's colour is its 黄码/红码 chip.
    const chip = document.querySelector('.mp-page .chip');
    if (chip) {
      const rect = chip.getBoundingClientRect();
      const css = getComputedStyle(chip).backgroundColor;
      if (rect.width > 8 && !/rgba\(.*, 0\)/.test(css)) return { x: rect.left + 4, y: rect.top + rect.height / 2, css, what: 'screen' as const };
    }
    // No code on screen: the colour is the page's own (a verdict screen), just under the title bar.
    const root = document.querySelector('.mp-page')!;
    const probe = { x: 8, y: root.getBoundingClientRect().top + 8 };
    const under = document.elementFromPoint(probe.x, probe.y);
    let colour = 'rgba(0, 0, 0, 0)';
    for (let el = under; el; el = el.parentElement) {
      colour = getComputedStyle(el).backgroundColor;
      if (!/rgba\(.*, 0\)/.test(colour)) break;
    }
    // A light verdict screen (pass) carries its colour in the ink, not the ground: then the first
    // bordered control drawn in that ink is where the colour is.
    const [r, g, b] = (colour.match(/\d+/g) ?? ['0', '0', '0']).map(Number);
    if (Math.max(r!, g!, b!) - Math.min(r!, g!, b!) < 40) {
      for (const el of document.querySelectorAll('.mp-page *')) {
        const style = getComputedStyle(el);
        const width = parseFloat(style.borderTopWidth);
        const [br, bg, bb] = (style.borderTopColor.match(/\d+/g) ?? ['0', '0', '0']).map(Number);
        if (width >= 2 && style.borderTopStyle !== 'none' && Math.max(br!, bg!, bb!) - Math.min(br!, bg!, bb!) >= 40) {
          const rect = el.getBoundingClientRect();
          return { x: rect.left + rect.width / 2, y: rect.top + width / 2, css: style.borderTopColor, what: 'screen' as const };
        }
      }
    }
    return { ...probe, css: colour, what: 'screen' as const };
  });
}
