/**
 * One page as a standalone HTML document at the phone's width: the title bar the runtime draws from
 * the page's window config, the rendered template inside the `page` element, the ACSS the render used
 * (rpx turned into px: 750 rpx is the 375 px viewport), and the base look of the native tags.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readAppJson } from '../mini-build';
import { renderPage } from './render';

export const VIEWPORT_WIDTH = 375;
const RPX_TO_PX = VIEWPORT_WIDTH / 750;
const requireHere = createRequire(import.meta.url);

/** ACSS to CSS: rpx to px, and the `page` element selector to the page root. */
export function acssToCss(acss: string): string {
  return acss
    .replace(/(-?\d*\.?\d+)rpx/g, (_m, n: string) => `${+(Number(n) * RPX_TO_PX).toFixed(3)}px`)
    .replace(/(^|[},\s])page(?=\s*[{,.:\s[])/g, '$1.mp-page');
}

/**
 * The runtime's default look of native tags, at zero specificity (:where) so page classes win as they
 * do on the phone. Sizes follow the Alipay defaults (an image is 300 × 225 until styled).
 */
const BASE_CSS = `
html, body { margin: 0; padding: 0; }
body { width: ${VIEWPORT_WIDTH}px; font-family: 'Noto Sans SC Variable', sans-serif; -webkit-font-smoothing: antialiased; }
:where(.mp-page) { min-height: calc(100vh - 44px); font-size: 16px; }
:where(.mp-titlebar) { height: 44px; display: flex; align-items: center; justify-content: center; color: #fff; font-size: 17px; font-weight: 600; }
:where(.mp-view, .mp-picker, .mp-scroll-view) { display: block; }
:where(.mp-scroll-view) { overflow: auto; }
:where(.mp-component) { display: contents; }
:where(.mp-text) { display: inline; white-space: pre-wrap; }
:where(.mp-image) { display: inline-block; width: 300px; height: 225px; }
:where(.mp-input, .mp-textarea) { display: block; box-sizing: border-box; width: 100%; border: 0; outline: 0; padding: 0; background: transparent; font: inherit; color: inherit; min-height: 1.4em; }
:where(.mp-input)::placeholder, :where(.mp-textarea)::placeholder { color: #999; }
:where(.mp-button) { display: block; box-sizing: border-box; width: 100%; margin: 0; padding: 0 15px; height: 47px; line-height: 47px; border: 1px solid #e5e5e5; border-radius: 4px; background: #fff; color: #333; font: inherit; font-size: 18px; text-align: center; }
:where(.mp-button-primary) { background: #1677ff; border-color: #1677ff; color: #fff; }
:where(.mp-button-warn) { background: #e64340; border-color: #e64340; color: #fff; }
:where(.mp-button-mini) { display: inline-block; width: auto; height: 30px; line-height: 30px; font-size: 14px; }
:where(.mp-button-disabled) { opacity: 0.6; }
.mp-button-loading { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.4em; border: 2px solid currentColor; border-right-color: transparent; border-radius: 50%; vertical-align: -0.1em; }
:where(.mp-checkbox, .mp-radio) { display: inline-block; width: 20px; height: 20px; border: 1px solid #ccc; border-radius: 2px; background: #fff; vertical-align: middle; box-sizing: border-box; }
:where(.mp-radio) { border-radius: 50%; }
:where(.mp-checkbox-checked, .mp-radio-checked) { background: #1677ff; border-color: #1677ff; }
:where(.mp-navigator) { display: block; color: inherit; text-decoration: none; }
/* antd-mini's icon font is served from a CDN the preview never calls: the icons its pages use, as text. */
body .ant-icon-CheckOutline::before { content: '✓'; font-family: sans-serif; }
body .ant-icon-CloseCircleFill::before { content: '⊗'; font-family: sans-serif; }
body .ant-icon-RightOutline::before { content: '›'; font-family: sans-serif; }
`;

interface WindowConfig {
  defaultTitle?: string;
  titleBarColor?: string;
  backgroundColor?: string;
}

function windowConfig(appDir: string, route: string): WindowConfig {
  const app = readAppJson(appDir) as { window?: WindowConfig };
  const pageFile = join(appDir, `${route}.json`);
  const page = existsSync(pageFile) ? (JSON.parse(readFileSync(pageFile, 'utf8')) as WindowConfig) : {};
  return { ...app.window, ...page };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The full HTML of one page in one state. */
export function pageDocument(appDir: string, route: string, data: Record<string, unknown>): string {
  const styles = new Set<string>();
  const body = renderPage(appDir, route, data, { appDir, styles });
  const css = [...styles].map((file) => `/* ${file.split('/node_modules/').pop()} */\n${acssToCss(readFileSync(file, 'utf8'))}`).join('\n');
  const win = windowConfig(appDir, route);
  const font = pathToFileURL(requireHere.resolve('@fontsource-variable/noto-sans-sc/index.css')).href;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=${VIEWPORT_WIDTH}">
<link rel="stylesheet" href="${font}">
<style>${BASE_CSS}</style>
<style>${css}</style>
</head><body style="background:${win.backgroundColor ?? '#fff'}">
<div class="mp-titlebar" style="background:${win.titleBarColor ?? '#1677ff'}">${escapeHtml(win.defaultTitle ?? '')}</div>
<div class="mp-page">${body}</div>
</body></html>`;
}
