/**
 * The style check of a mini-program folder (`npx tsx tools/check-mini-style.ts mini-program/resident`;
 * run in `npm test` by tests/mini/style-check.test.ts). It reads the app's ACSS, the antd-mini theme
 * variables the app sets (and antd-mini's defaults for the rest) and the pages' AXML, and fails on:
 * - text under 4.5:1 against its background (a rule's own background; a rule without one is checked
 *   against the app's surfaces, or against the background a `/* on #rrggbb *\/` comment names);
 * - a control's border under 3:1 against its background;
 * - body text under 32rpx;
 * - a tap target (an element with onTap/catchTap) under 88rpx, or under 120rpx in elder mode
 *   (`.elder` rules) where the app has one;
 * - antd-mini components the app uses whose text, under the app's theme, is under 4.5:1.
 * Colour tables that live in code (verdict screens, code colours) are checked by the test itself
 * with ./contrast.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAxml, type AxmlElement } from './check-mini';
import { contrast, parseColor, type Rgb } from './contrast';
import { antdRoot, readAppJson } from './mini-build';

export interface StyleProblem {
  file: string;
  message: string;
}

export const TEXT_MIN = 4.5;
export const CONTROL_MIN = 3;
export const BODY_FONT_MIN_RPX = 32;
export const TARGET_MIN_RPX = 88;
export const ELDER_TARGET_MIN_RPX = 120;

interface Rule {
  selector: string;
  decls: Map<string, string>;
  /** The background named by an `on #rrggbb` comment inside the rule. */
  on?: string;
}

/** Rules of an ACSS file; comments dropped except the `on #rrggbb` annotation. */
export function parseAcss(source: string): Rule[] {
  const rules: Rule[] = [];
  const cleaned = source.replace(/\/\*(?![^*]*\bon #)[\s\S]*?\*\//g, '');
  for (const m of cleaned.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const body = m[2]!;
    const on = /\/\*\s*on (#[0-9a-fA-F]{3,6})\s*\*\//.exec(body)?.[1];
    const decls = new Map<string, string>();
    for (const part of body.replace(/\/\*[\s\S]*?\*\//g, '').split(';')) {
      const i = part.indexOf(':');
      if (i > 0) decls.set(part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).trim());
    }
    for (const selector of m[1]!.split(',')) rules.push({ selector: selector.trim(), decls, ...(on ? { on } : {}) });
  }
  return rules;
}

/** `var(--x, fallback)` resolved with the app's variables, then antd-mini's fallback. */
function resolveVars(value: string, vars: Map<string, string>): string {
  let v = value;
  for (let i = 0; i < 5 && v.includes('var('); i++) {
    v = v.replace(/var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*(?:\([^()]*\))?[^()]*))?\)/g, (_, name: string, fallback?: string) => vars.get(name) ?? fallback?.trim() ?? '');
  }
  return v;
}

/** Every colour in a value (a gradient has several). */
function colorsIn(value: string): Rgb[] {
  const found = value.match(/#[0-9a-fA-F]{3,8}\b|rgba?\([^)]*\)|\bwhite\b|\bblack\b/g) ?? [];
  return found.map((c) => parseColor(c)).filter((c): c is Rgb => c !== undefined);
}

function rpx(value: string | undefined): number | undefined {
  if (!value) return undefined;
  if (/\d+(\.\d+)?vh/.test(value)) return 10_000; // the full screen
  const m = /^(\d+(?:\.\d+)?)rpx$/.exec(value.trim());
  return m ? Number(m[1]) : undefined;
}

const hex = (c: Rgb) => `#${c.map((x) => Math.round(x).toString(16).padStart(2, '0')).join('')}`;

function acssFiles(appDir: string): string[] {
  const pages = readAppJson(appDir).pages;
  return ['app.acss', ...pages.map((p) => `${p}.acss`)].filter((f) => existsSync(join(appDir, f)));
}

function walkElements(el: AxmlElement, visit: (el: AxmlElement) => void): void {
  visit(el);
  for (const child of el.children) walkElements(child, visit);
}

/** The static class names of an element (bindings dropped). */
function classesOf(el: AxmlElement): string[] {
  const raw = el.attributes.find((a) => a.name === 'class' || a.name === 'className')?.value ?? '';
  return raw.replace(/\{\{[\s\S]*?\}\}/g, ' ').split(/\s+/).filter(Boolean);
}

/** The last compound of a selector, e.g. `.elder .tap-link` → `.tap-link`, and whether it is scoped to elder mode. */
function target(selector: string): { classes: string[]; elder: boolean } {
  const parts = selector.trim().split(/\s+/);
  const last = parts[parts.length - 1]!;
  return { classes: [...last.matchAll(/\.([\w-]+)/g)].map((m) => m[1]!), elder: parts.slice(0, -1).some((p) => p.includes('.elder')) };
}

export function checkMiniStyle(appDirInput: string): StyleProblem[] {
  const appDir = resolve(appDirInput);
  const problems: StyleProblem[] = [];
  const files = acssFiles(appDir);
  const byFile = new Map(files.map((f) => [f, parseAcss(readFileSync(join(appDir, f), 'utf8'))]));
  const all = [...byFile.values()].flat();
  const pageRule = all.find((r) => r.selector === 'page');
  const vars = new Map<string, string>();
  for (const rule of all) if (rule.selector === 'page') for (const [k, v] of rule.decls) if (k.startsWith('--')) vars.set(k, v);
  const elderVars = new Map(vars);
  for (const rule of all) if (rule.selector === '.elder') for (const [k, v] of rule.decls) if (k.startsWith('--')) elderVars.set(k, v);
  const hasElder = all.some((r) => r.selector.includes('.elder'));
  const pageBg = parseColor(pageRule?.decls.get('background') ?? pageRule?.decls.get('background-color') ?? '#ffffff') ?? [255, 255, 255];
  const pageFg = parseColor(pageRule?.decls.get('color') ?? '#000000') ?? [0, 0, 0];
  const surfaces: Rgb[] = hex(pageBg) === '#ffffff' ? [pageBg] : [pageBg, [255, 255, 255]];

  // Classes of controls: anything tappable, plus the form fields.
  const tappable: { file: string; el: AxmlElement }[] = [];
  const controlClasses = new Set<string>(['input']);
  for (const page of readAppJson(appDir).pages) {
    const file = `${page}.axml`;
    if (!existsSync(join(appDir, file))) continue;
    walkElements(parseAxml(readFileSync(join(appDir, file), 'utf8')).root, (el) => {
      if (el.attributes.some((a) => a.name === 'onTap' || a.name === 'catchTap')) {
        tappable.push({ file, el });
        classesOf(el).forEach((c) => controlClasses.add(c));
      }
    });
  }

  for (const [file, rules] of byFile) {
    for (const rule of rules) {
      const own = rule.decls.get('background') ?? rule.decls.get('background-color');
      const ownColors = own ? colorsIn(own) : [];
      const backs = ownColors.length > 0 ? ownColors : rule.on ? [parseColor(rule.on)!] : surfaces;
      const color = rule.decls.get('color');
      const fg = color ? parseColor(resolveVars(color, vars)) : ownColors.length > 0 ? pageFg : undefined;
      if (fg) {
        for (const bg of backs) {
          const ratio = contrast(fg, bg);
          if (ratio < TEXT_MIN) problems.push({ file, message: `${rule.selector}: text ${hex(fg)} on ${hex(bg)} is ${ratio.toFixed(2)}:1 (needs ${TEXT_MIN}:1)` });
        }
      }
      const { classes } = target(rule.selector);
      if (classes.some((c) => controlClasses.has(c))) {
        for (const prop of ['border', 'border-color']) {
          const value = rule.decls.get(prop);
          if (!value || /none|0 none/.test(value)) continue;
          for (const edge of colorsIn(resolveVars(value, vars))) {
            for (const bg of ownColors.length > 0 && prop === 'border' ? surfaces : backs) {
              const ratio = contrast(edge, bg);
              if (ratio < CONTROL_MIN) problems.push({ file, message: `${rule.selector}: border ${hex(edge)} on ${hex(bg)} is ${ratio.toFixed(2)}:1 (controls need ${CONTROL_MIN}:1)` });
            }
          }
        }
      }
      const size = rpx(rule.decls.get('font-size'));
      if (size !== undefined && size < BODY_FONT_MIN_RPX) problems.push({ file, message: `${rule.selector}: font-size ${size}rpx is under ${BODY_FONT_MIN_RPX}rpx` });
    }
  }

  // Tap targets: the tallest min-height/height any rule gives one of the element's classes.
  const heightFor = (classes: string[], elder: boolean): number => {
    let best = 0;
    for (const rule of all) {
      const t = target(rule.selector);
      if (t.elder && !elder) continue;
      if (!t.classes.some((c) => classes.includes(c))) continue;
      best = Math.max(best, rpx(rule.decls.get('min-height')) ?? 0, rpx(rule.decls.get('height')) ?? 0);
    }
    return best;
  };
  const antdButtonHeight = (v: Map<string, string>): number => {
    const padding = rpx(resolveVars('var(--button-padding, 24rpx)', v)) ?? 24;
    const font = rpx(resolveVars('var(--button-font-size, 36rpx)', v)) ?? 36;
    return 2 * padding + font * 1.4;
  };
  for (const { file, el } of tappable) {
    const classes = classesOf(el);
    const name = `<${el.tag}${classes.length ? ` class="${classes.join(' ')}"` : ''}> (line ${el.attributes[0]?.line ?? '?'})`;
    const normal = el.tag === 'ant-button' ? antdButtonHeight(vars) : heightFor(classes, false);
    if (normal < TARGET_MIN_RPX) problems.push({ file, message: `${name}: tap target ${normal}rpx high, needs ${TARGET_MIN_RPX}rpx` });
    if (hasElder) {
      const elder = el.tag === 'ant-button' ? antdButtonHeight(elderVars) : heightFor(classes, true);
      if (elder < ELDER_TARGET_MIN_RPX) problems.push({ file, message: `${name}: tap target ${elder}rpx high in elder mode, needs ${ELDER_TARGET_MIN_RPX}rpx` });
    }
  }
  if (hasElder) {
    const elderText = Math.max(0, ...all.filter((r) => r.selector === '.text-large' || r.selector === '.elder').map((r) => rpx(r.decls.get('font-size')) ?? 0));
    if (elderText < 36) problems.push({ file: 'app.acss', message: `elder mode main text is ${elderText}rpx, needs 36rpx` });
  }

  problems.push(...checkAntdTheme(appDir, vars));
  return problems;
}

/** antd-mini components the app uses: their text and background pairs under the app's theme variables. */
function checkAntdTheme(appDir: string, vars: Map<string, string>): StyleProblem[] {
  const problems: StyleProblem[] = [];
  const used = new Set<string>();
  for (const page of readAppJson(appDir).pages) {
    const json = join(appDir, `${page}.json`);
    if (!existsSync(json)) continue;
    const components = (JSON.parse(readFileSync(json, 'utf8')) as { usingComponents?: Record<string, string> }).usingComponents ?? {};
    for (const path of Object.values(components)) if (path.startsWith('antd-mini/')) used.add(path.replace(/^antd-mini\//, ''));
  }
  const root = antdRoot();
  for (const component of used) {
    const file = join(root, `${component}.acss`);
    if (!existsSync(file)) continue;
    for (const rule of parseAcss(readFileSync(file, 'utf8'))) {
      // Disabled and pressed states are not read as text; capsule buttons are never used by these apps.
      if (/disabled|active|loading|shadow|mask|capsule/.test(rule.selector)) continue;
      const color = rule.decls.get('color');
      const bg = rule.decls.get('background-color') ?? rule.decls.get('background');
      if (!color) continue;
      const fg = parseColor(resolveVars(color, vars));
      const back = bg ? parseColor(resolveVars(bg, vars)) : undefined;
      if (!fg) continue;
      const against: Rgb[] = back ? [back] : /placeholder/.test(rule.selector) ? [[255, 255, 255]] : [];
      for (const b of against) {
        const ratio = contrast(fg, b);
        if (ratio < TEXT_MIN) problems.push({ file: `(antd-mini) ${component}.acss`, message: `${rule.selector}: text ${hex(fg)} on ${hex(b)} is ${ratio.toFixed(2)}:1 under the app's theme (needs ${TEXT_MIN}:1)` });
      }
    }
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let failed = false;
  for (const dir of process.argv.slice(2)) {
    const problems = checkMiniStyle(dir);
    for (const p of problems) console.log(`${relative(process.cwd(), join(dir, p.file))}: ${p.message}`);
    failed ||= problems.length > 0;
  }
  process.exit(failed ? 1 : 0);
}

