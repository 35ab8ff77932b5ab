/**
 * `npm run build:mini`: the folder the IDE opens. Every page is CommonJS that loads with the
 * runtime's relative `require` and registers its page; every component reference resolves inside the
 * folder; the main package stays under the 2 MB limit.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import vm from 'node:vm';
import { buildMiniProgram, MAIN_PACKAGE_LIMIT_BYTES, readAppJson, type MiniBuildReport } from '../../tools/mini-build';

const APP = join(process.cwd(), 'mini-program', 'resident');

/** Loads a built script the way the mini-program runtime does: CommonJS with relative requires. */
function loadBuilt(root: string, file: string, globals: Record<string, unknown>): void {
  const cache = new Map<string, unknown>();
  const context = vm.createContext({ console, ...globals });
  const load = (path: string): unknown => {
    if (cache.has(path)) return cache.get(path);
    const module = { exports: {} as unknown };
    cache.set(path, module.exports);
    const wrapper = vm.runInContext(`(function (require, module, exports) {${readFileSync(path, 'utf8')}\n})`, context) as (...args: unknown[]) => void;
    wrapper((spec: string) => {
      if (!spec.startsWith('.')) throw new Error(`${path} requires the package "${spec}", which the runtime cannot resolve`);
      return load(resolve(dirname(path), spec));
    }, module, module.exports);
    cache.set(path, module.exports);
    return module.exports;
  };
  load(join(root, file));
}

describe('npm run build:mini', () => {
  let out: string;
  let report: MiniBuildReport;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'mini-build-'));
    report = await buildMiniProgram({ appDir: APP, outDir: out, stage: 'local', apiUrl: 'http://127.0.0.1:3999' });
  }, 120_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('the main package stays under 2 MB', () => {
    expect(report.bytes.total).toBeLessThan(MAIN_PACKAGE_LIMIT_BYTES);
    expect(report.bytes.total).toBeGreaterThan(0);
  });

  test('every page loads as CommonJS, shared chunks included, and registers its page', () => {
    for (const page of readAppJson(APP).pages) {
      let options: Record<string, unknown> | undefined;
      const inert = new Proxy(() => undefined, { get: (_t, key) => (key === 'getStorageSync' ? () => ({ data: null }) : inert) }) as unknown;
      loadBuilt(out, `${page}.js`, { my: inert, Page: (o: Record<string, unknown>) => (options = o), setInterval, clearInterval, setTimeout, clearTimeout });
      expect({ page, registered: options !== undefined, hasData: typeof options?.data === 'object' }).toEqual({ page, registered: true, hasData: true });
      for (const ext of ['axml', 'acss', 'json']) expect(existsSync(join(out, `${page}.${ext}`))).toBe(true);
    }
  });

  test('the stage and the API origin given on the command line are baked in', () => {
    const scripts = readdirSync(join(out, 'chunks')).map((f) => readFileSync(join(out, 'chunks', f), 'utf8')).join('');
    expect(scripts).toContain('http://127.0.0.1:3999');
    expect(scripts).not.toContain('__MINI_STAGE__');
    expect(scripts).not.toContain('__MINI_API_URL__');
  });

  test('antd-mini components are copied and the page references point at them', () => {
    const json = JSON.parse(readFileSync(join(out, 'pages/declaration/index.json'), 'utf8')) as { usingComponents: Record<string, string> };
    expect(json.usingComponents['ant-selector']).toBe('/antd-mini/es/Selector/index');
    for (const path of Object.values(json.usingComponents)) {
      for (const ext of ['js', 'axml', 'json']) expect(existsSync(join(out, `${path}.${ext}`))).toBe(true);
    }
    expect(report.antdComponents).toEqual(expect.arrayContaining(['es/Button/index', 'es/Picker/CascaderPicker/index', 'es/Picker/index']));
    // Their npm dependencies (fast-deep-equal, …) are bundled in: no require or import is left.
    for (const component of report.antdComponents) {
      const code = readFileSync(join(out, 'antd-mini', `${component}.js`), 'utf8');
      expect({ component, unresolved: code.match(/\brequire\(\s*["'][^"']+["']\s*\)|^import\s/m)?.[0] ?? null }).toEqual({ component, unresolved: null });
    }
    expect(existsSync(join(out, 'app.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'app.json'), 'utf8')).usePrivacyCheck).toBe(true);
  });
});
