/**
 * The preview renderer on a small fixture app: each binding construct draws what the runtime would,
 * a tag it does not know throws instead of vanishing, and the viewport check in Chromium finds text
 * that does not fit (so the page test's "no overflow" can fail).
 */
import { jest } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { acssToCss, pageDocument } from '../../tools/preview/document';
import { renderPage, UnknownTagError } from '../../tools/preview/render';
import { launchBrowser, openPage, textOutsideViewport } from '../../tools/preview/browser';
import { hueOf } from '../../tools/preview/index';

jest.setTimeout(120_000);

const APP = resolve('tests/preview/fixtures/app');
const ROUTE = 'pages/sample/index';
const data = { mode: 'b', rows: [{ name: '甲' }, { name: '乙' }], word: 'ok', left: 1, right: 2, src: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg"/%3E' };
const render = (d: Record<string, unknown> = data) => renderPage(APP, ROUTE, d, { appDir: APP, styles: new Set() });

test('a:if / a:elif / a:else draw exactly one branch', () => {
  expect(render()).toContain('id="elif"');
  expect(render()).not.toMatch(/id="(if|else)"/);
  expect(render({ ...data, mode: 'a' })).toContain('id="if"');
  expect(render({ ...data, mode: 'z' })).toContain('id="else"');
});

test('a:for with its item and index names, sjs modules, templates with data, components with slots', () => {
  const html = render();
  expect(html).toContain('0:甲');
  expect(html).toContain('1:乙');
  // a:if beside a:for reads each item.
  expect(html).toContain('kept 乙');
  expect(html).not.toContain('kept 甲');
  expect(html).toContain('OK!');
  expect(html).toMatch(/class="mp-text pair"[^>]*>1-2</);
  // The project component: its own onInit data, the given default slot, the fallback of an empty named slot.
  expect(html).toContain('ok/3');
  expect(html).toMatch(/class="mp-text given"[^>]*>given</);
  expect(html).toMatch(/class="mp-text fallback"[^>]*>none</);
  // antd-mini's Button, from its own AXML and classes.
  expect(html).toContain('ant-button-primary');
  expect(html).toMatch(/<img class="mp-image wide"[^>]*style="object-fit:contain"/);
});

test('a tag the preview cannot draw throws, naming the file and line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'preview-unknown-'));
  writeFileSync(join(dir, 'app.json'), JSON.stringify({ pages: ['index'] }));
  writeFileSync(join(dir, 'index.axml'), '<view>\n  <map longitude="1" />\n</view>\n');
  expect(() => renderPage(dir, 'index', {}, { appDir: dir, styles: new Set() })).toThrow(UnknownTagError);
  expect(() => renderPage(dir, 'index', {}, { appDir: dir, styles: new Set() })).toThrow(/index\.axml:2 <map> is neither a native tag/);
  writeFileSync(join(dir, 'index.axml'), '<view a:show="{{x}}">x</view>\n');
  expect(() => renderPage(dir, 'index', {}, { appDir: dir, styles: new Set() })).toThrow(/does not know the directive a:show/);
});

test('ACSS: 750 rpx is the 375 px viewport, and `page` is the page root', () => {
  expect(acssToCss('page { padding: 24rpx; } .page { width: 750rpx; margin: -3rpx }')).toBe('.mp-page { padding: 12px; } .page { width: 375px; margin: -1.5px }');
});

test('code hues: the frame colours read as their state, greys as none', () => {
  expect(hueOf([10, 138, 58])).toBe('green');
  expect(hueOf([224, 168, 0])).toBe('yellow');
  expect(hueOf([212, 38, 43])).toBe('red');
  expect(hueOf([143, 149, 158])).toBe('none');
  // The pass screen: its light ground reads as no colour, its dark ink as green.
  expect(hueOf([227, 246, 232])).toBe('none');
  expect(hueOf([6, 61, 26])).toBe('green');
});

describe('in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('text that leaves the 375 px viewport is found; text that fits is not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preview-overflow-'));
    const file = join(dir, 'page.html');
    writeFileSync(file, pageDocument(APP, ROUTE, data));
    const fits = await openPage(browser, pathToFileURL(file).href);
    expect(await textOutsideViewport(fits)).toEqual([]);
    await fits.close();
    writeFileSync(file, pageDocument(APP, ROUTE, { ...data, rows: [{ name: '很长的一行'.repeat(3) }] }).replace('</style>', '.row { white-space: nowrap; font-size: 40px; }</style>'));
    const spills = await openPage(browser, pathToFileURL(file).href);
    expect(await textOutsideViewport(spills)).toEqual([expect.objectContaining({ text: expect.stringContaining('很长的一行') })]);
    await spills.close();
  });
});
