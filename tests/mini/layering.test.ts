/**
 * The two mini-programs share code only through mini-program/common (the neutral home): nothing under
 * mini-program/inspector reaches into mini-program/resident or back, and common reaches into neither.
 * Every reference a bundle or the runtime follows is read: TS/JS imports, exports, dynamic imports and
 * requires, AXML `<import>`/`<include>`/`<import-sjs>`, ACSS `@import` and `usingComponents` paths.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = process.cwd();
const MINI = join(ROOT, 'mini-program');
const APPS = ['inspector', 'resident'] as const;
const SKIP_DIRS = new Set(['dist', 'node_modules']);

/** The module specifiers a file names, by its kind. */
export function specifiersIn(file: string, text: string): string[] {
  const found: string[] = [];
  const grab = (pattern: RegExp) => {
    for (const match of text.matchAll(pattern)) found.push(match[1]!);
  };
  if (/\.(ts|js|sjs)$/.test(file)) {
    grab(/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g);
    grab(/\bimport\s*['"]([^'"]+)['"]/g);
    grab(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g);
    grab(/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g);
  } else if (file.endsWith('.axml')) {
    grab(/<(?:import|include|import-sjs)\b[^>]*?\b(?:src|from)\s*=\s*['"]([^'"]+)['"]/g);
  } else if (file.endsWith('.acss')) {
    grab(/@import\s+(?:url\()?\s*['"]([^'"]+)['"]/g);
  } else if (file.endsWith('.json')) {
    const json = JSON.parse(text) as { usingComponents?: Record<string, string> };
    found.push(...Object.values(json.usingComponents ?? {}));
  }
  return found;
}

/** Which part of mini-program/ a path lies in: an app, common, or elsewhere. */
function partOf(path: string): string | undefined {
  const rel = relative(MINI, path);
  if (rel.startsWith('..')) return undefined;
  return rel.split(sep)[0];
}

/**
 * The references from `file` that cross between the apps (or from common into an app). Relative
 * specifiers resolve from the file; absolute ones (`/pages/…`) from the file's own app root.
 */
export function crossings(file: string, text: string): string[] {
  const from = partOf(file);
  if (!from) return [];
  const bad: string[] = [];
  for (const spec of specifiersIn(file, text)) {
    let target: string;
    if (spec.startsWith('.')) target = resolve(dirname(file), spec);
    else if (spec.startsWith('/')) target = join(MINI, from, spec);
    else if (spec.includes('mini-program/')) target = join(ROOT, spec.slice(spec.indexOf('mini-program/')));
    else continue; // a package (zod, antd-mini)
    const to = partOf(target);
    if (!to || to === from) continue;
    const appToApp = (APPS as readonly string[]).includes(from) && (APPS as readonly string[]).includes(to);
    const commonToApp = from === 'common' && (APPS as readonly string[]).includes(to);
    if (appToApp || commonToApp) bad.push(`${relative(ROOT, file)} → ${spec}`);
  }
  return bad;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!SKIP_DIRS.has(name)) out.push(...filesUnder(path));
    } else if (/\.(ts|js|sjs|axml|acss|json)$/.test(name)) out.push(path);
  }
  return out;
}

test('neither mini-program imports from the other, and common imports from neither', () => {
  const files = [...APPS, 'common'].flatMap((part) => filesUnder(join(MINI, part)));
  expect(files.length).toBeGreaterThan(50);
  expect(files.flatMap((file) => crossings(file, readFileSync(file, 'utf8')))).toEqual([]);
});

test('the check sees every kind of reference (it would fail on a crossing)', () => {
  const inspectorPage = join(MINI, 'inspector', 'pages', 'scan', 'index.ts');
  const residentPage = join(MINI, 'resident', 'pages', 'code', 'index.axml');
  expect(crossings(inspectorPage, "import { clockTime } from '../../../resident/lib/format';\nexport * from '../../../common/clock';")).toEqual([
    'mini-program/inspector/pages/scan/index.ts → ../../../resident/lib/format',
  ]);
  expect(crossings(inspectorPage, "const x = require('../../../resident/platform'); void import('../../../resident/app');")).toHaveLength(2);
  expect(crossings(residentPage, '<import src="../../../inspector/pages/result/index.axml" />')).toHaveLength(1);
  expect(crossings(join(MINI, 'resident', 'app.acss'), "@import '../inspector/app.acss';")).toHaveLength(1);
  expect(crossings(join(MINI, 'inspector', 'pages', 'scan', 'index.json'), JSON.stringify({ usingComponents: { x: '../../../resident/components/x/index' } }))).toHaveLength(1);
  expect(crossings(join(MINI, 'common', 'http.ts'), "import { STORAGE_KEYS } from '../resident/platform';")).toHaveLength(1);
  // Within an app, into common and into shared/ are all fine.
  expect(crossings(inspectorPage, "import { a } from '../../lib/check';\nimport { b } from '../../../common/http';\nimport { c } from '../../../../shared/api';")).toEqual([]);
});
