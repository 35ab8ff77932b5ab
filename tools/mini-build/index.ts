/**
 * Building a native mini-program folder (Alipay or DingTalk: the same DSL) into what the IDE opens:
 * - every page's `index.ts` and `app.ts` compiled to JavaScript, with `shared/` and zod bundled in.
 *   Code used by several pages goes into `chunks/` once (esbuild code splitting), then each file is
 *   turned into CommonJS, which every mini-program runtime `require`s;
 * - axml, acss, json, sjs and images copied as they are;
 * - the antd-mini components the pages name in `usingComponents` copied to `antd-mini/` with their
 *   own dependencies (sub-components, sjs, and their JavaScript bundled with its npm imports), and
 *   the page references rewritten to those absolute paths.
 * The same esbuild settings serve the page harness (tools/mini-harness), so tests run what ships.
 */
import { build, transform, type BuildOptions, type Plugin } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, posix, relative, resolve } from 'node:path';

import type { MiniStage } from '../../mini-program/common/stage';

export type { MiniStage };

export interface MiniBuildOptions {
  /** The mini-program folder, e.g. mini-program/resident. */
  appDir: string;
  /** Where the IDE-ready project goes (default `<appDir>/dist`). */
  outDir?: string;
  stage: MiniStage;
  /** API origin overriding the stage file's own (empty keeps it). */
  apiUrl?: string;
  minify?: boolean;
}

export interface MiniBuildReport {
  outDir: string;
  /** Bytes of the main package, by kind of file and in total. */
  bytes: { scripts: number; templates: number; styles: number; other: number; total: number };
  files: number;
  antdComponents: string[];
}

/** The main package limit of Alipay (and DingTalk) mini-programs. */
export const MAIN_PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024;

/** JavaScript both runtimes run without a transpiler. */
export const MINI_TARGET = 'es2017';

/** Declares `__miniGlobal`: the real global object where there is one, a plain object otherwise. */
const MINI_GLOBAL_BANNER =
  'var __miniGlobal = typeof globalThis !== "undefined" ? globalThis : typeof self !== "undefined" ? self : {};';

const ANTD_PREFIX = 'antd-mini/';
const ANTD_OUT = 'antd-mini';
const requireFromHere = createRequire(import.meta.url);

const STAGE_NAMES: readonly MiniStage[] = ['local', 'review', 'prod'];

/**
 * Each app's `config/index.ts` imports all three stage files; a build carries only its own. The
 * others resolve to an empty stand-in, so a prod package holds no local address and no sandbox
 * sign-in switch, not even as unused data.
 */
export function onlyStageConfig(stage: MiniStage): Plugin {
  return {
    name: 'only-stage-config',
    setup(build) {
      build.onResolve({ filter: /^\.\/(local|review|prod)$/ }, (args) => {
        const other = args.path.slice(2) as MiniStage;
        if (other === stage || !/[\\/]config[\\/]index\.ts$/.test(args.importer)) return undefined;
        return { path: other, namespace: 'other-stage-config' };
      });
      build.onLoad({ filter: /.*/, namespace: 'other-stage-config' }, (args) => ({
        contents: `export const ${args.path}Config = undefined;\n`,
        loader: 'js',
      }));
    },
  };
}

/** esbuild settings shared by the build and the harness: stage constants, the stage's config alone, the mini target. */
export function miniEsbuildOptions(stage: MiniStage, apiUrl = ''): BuildOptions {
  if (!STAGE_NAMES.includes(stage)) throw new Error(`unknown mini-program stage ${stage}`);
  return {
    plugins: [onlyStageConfig(stage)],
    bundle: true,
    platform: 'browser',
    target: MINI_TARGET,
    charset: 'utf8',
    legalComments: 'none',
    // zod keeps its settings on `globalThis`, which older mini-program runtimes lack: every file
    // gets its own stand-in from the banner instead.
    define: { __MINI_STAGE__: JSON.stringify(stage), __MINI_API_URL__: JSON.stringify(apiUrl), globalThis: '__miniGlobal' },
    banner: { js: MINI_GLOBAL_BANNER },
    logLevel: 'silent',
  };
}

/**
 * Pages (and `app`) bundled each into one self-contained script for `vm`, in one esbuild run: what
 * the harness and the static check execute. Entries are relative to the app folder without `.ts`,
 * e.g. `pages/code/index`; the answer maps each entry to its script.
 */
export async function bundleForVm(appDir: string, entries: readonly string[], stage: MiniStage = 'local', apiUrl = ''): Promise<Map<string, string>> {
  const root = resolve(appDir);
  const result = await build({
    ...miniEsbuildOptions(stage, apiUrl),
    entryPoints: entries.map((entry) => ({ in: join(root, `${entry}.ts`), out: entry })),
    outdir: join(root, '.vm-bundles'),
    format: 'iife',
    sourcemap: 'inline',
    sourcesContent: false,
    write: false,
  });
  const scripts = new Map<string, string>();
  for (const file of result.outputFiles) {
    const entry = relative(join(root, '.vm-bundles'), file.path).replace(/\\/g, '/').replace(/\.js$/, '');
    scripts.set(entry, file.text);
  }
  return scripts;
}

export interface AppJson {
  pages: string[];
  usePrivacyCheck?: boolean;
  [key: string]: unknown;
}

export function readAppJson(appDir: string): AppJson {
  return JSON.parse(readFileSync(join(appDir, 'app.json'), 'utf8')) as AppJson;
}

/** Whether an API origin is a placeholder that must not ship (`.invalid` is reserved, RFC 2606). */
export function isPlaceholderUrl(url: string): boolean {
  try {
    return new URL(url).hostname.endsWith('.invalid');
  } catch {
    return true;
  }
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

function writeFile(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** Folder of the antd-mini package (its `es/` build is what Alipay mini-programs use). */
export function antdRoot(): string {
  return dirname(requireFromHere.resolve('antd-mini/package.json'));
}

/** Compiles app.ts and the pages: ESM with shared chunks, then CommonJS per file. */
async function compileScripts(appDir: string, outDir: string, options: MiniBuildOptions, pages: string[]): Promise<void> {
  const entryPoints = [join(appDir, 'app.ts'), ...pages.map((page) => join(appDir, `${page}.ts`))];
  const result = await build({
    ...miniEsbuildOptions(options.stage, options.apiUrl),
    entryPoints,
    outbase: appDir,
    outdir: outDir,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    minify: options.minify ?? true,
    write: false,
  });
  for (const file of result.outputFiles) {
    const cjs = await transform(file.text, { format: 'cjs', target: MINI_TARGET, minify: options.minify ?? true, charset: 'utf8' });
    writeFile(file.path, cjs.code);
  }
}

/** Rewrites `antd-mini/...` component references to the copied absolute path; returns them. */
function rewriteUsingComponents(json: Record<string, unknown>): { json: Record<string, unknown>; antd: string[] } {
  const using = (json.usingComponents ?? {}) as Record<string, string>;
  const antd: string[] = [];
  const rewritten: Record<string, string> = {};
  for (const [tag, path] of Object.entries(using)) {
    if (path.startsWith(ANTD_PREFIX)) {
      antd.push(path.slice(ANTD_PREFIX.length));
      rewritten[tag] = `/${ANTD_OUT}/${path.slice(ANTD_PREFIX.length)}`;
    } else rewritten[tag] = path;
  }
  return { json: { ...json, usingComponents: rewritten }, antd };
}

/**
 * Copies antd-mini components (paths like `es/Button/index`) and everything they reference.
 * Returns the component paths copied.
 */
async function copyAntdComponents(roots: string[], outDir: string, minify: boolean): Promise<string[]> {
  const pkg = antdRoot();
  const seenComponents = new Set<string>();
  const seenFiles = new Set<string>();
  const queue = [...roots];
  const copyAsset = (rel: string): void => {
    if (seenFiles.has(rel)) return;
    seenFiles.add(rel);
    const from = join(pkg, rel);
    const text = readFileSync(from, 'utf8');
    writeFile(join(outDir, ANTD_OUT, rel), text);
    // sjs modules import one another; acss files may @import.
    for (const m of text.matchAll(/(?:import\s+[^'"]*from\s+|@import\s+)['"]([^'"]+)['"]/g)) {
      const target = posix.normalize(posix.join(posix.dirname(rel), m[1]!));
      if (existsSync(join(pkg, target))) copyAsset(target);
    }
  };
  while (queue.length > 0) {
    const component = queue.shift()!;
    if (seenComponents.has(component)) continue;
    seenComponents.add(component);
    const base = join(pkg, component);
    if (!existsSync(`${base}.json`)) throw new Error(`antd-mini component not found: ${component}`);
    for (const ext of ['.axml', '.acss', '.json']) if (existsSync(base + ext)) copyAsset(component + ext);
    const axml = readFileSync(`${base}.axml`, 'utf8');
    for (const m of axml.matchAll(/<import-sjs[^>]*from="([^"]+)"/g)) copyAsset(posix.normalize(posix.join(posix.dirname(component), m[1]!)));
    const json = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { usingComponents?: Record<string, string> };
    for (const path of Object.values(json.usingComponents ?? {})) queue.push(posix.normalize(posix.join(posix.dirname(component), path)));
    const bundled = await build({
      entryPoints: [`${base}.js`],
      bundle: true,
      format: 'cjs',
      platform: 'browser',
      target: MINI_TARGET,
      minify,
      write: false,
      logLevel: 'silent',
      legalComments: 'none',
    });
    writeFile(join(outDir, ANTD_OUT, `${component}.js`), bundled.outputFiles[0]!.text);
  }
  return [...seenComponents].sort();
}

/** Sizes of everything under a folder, by kind. */
export function packageBytes(dir: string): MiniBuildReport['bytes'] & { files: number } {
  const bytes = { scripts: 0, templates: 0, styles: 0, other: 0, total: 0, files: 0 };
  for (const file of walk(dir)) {
    const size = statSync(file).size;
    const ext = extname(file);
    if (ext === '.js' || ext === '.sjs') bytes.scripts += size;
    else if (ext === '.axml') bytes.templates += size;
    else if (ext === '.acss') bytes.styles += size;
    else bytes.other += size;
    bytes.total += size;
    bytes.files += 1;
  }
  return bytes;
}

/** Builds the IDE-ready project and reports its size. Throws when the main package is too big. */
export async function buildMiniProgram(options: MiniBuildOptions): Promise<MiniBuildReport> {
  const appDir = resolve(options.appDir);
  const outDir = resolve(options.outDir ?? join(appDir, 'dist'));
  const app = readAppJson(appDir);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  await compileScripts(appDir, outDir, options, app.pages);

  const antd = new Set<string>();
  for (const file of walk(appDir)) {
    const rel = relative(appDir, file);
    if (rel.startsWith('dist') || rel.startsWith('node_modules') || file.endsWith('.ts')) continue;
    if (file.endsWith('.json') && rel !== 'app.json' && rel !== 'mini.project.json') {
      const { json, antd: used } = rewriteUsingComponents(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
      used.forEach((c) => antd.add(c));
      writeFile(join(outDir, rel), `${JSON.stringify(json, null, 2)}\n`);
    } else {
      mkdirSync(dirname(join(outDir, rel)), { recursive: true });
      copyFileSync(file, join(outDir, rel));
    }
  }
  const antdComponents = await copyAntdComponents([...antd], outDir, options.minify ?? true);

  const { files, ...bytes } = packageBytes(outDir);
  if (bytes.total >= MAIN_PACKAGE_LIMIT_BYTES) {
    throw new Error(`The main package is ${bytes.total} bytes, over the 2 MB limit of the mini-program platform`);
  }
  return { outDir, bytes, files, antdComponents };
}
