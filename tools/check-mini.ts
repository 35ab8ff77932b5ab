/**
 * The static check of a mini-program folder (`npx tsx tools/check-mini.ts mini-program/resident`;
 * run in `npm test` by tests/mini/static-check.test.ts). It finds, before any IDE does:
 * - pages in app.json without their four files (index.axml, .acss, .json, .ts);
 * - AXML that is not well formed (unclosed or crossed tags, unquoted or repeated attributes);
 * - event handlers named in AXML (`onTap="save"`, `catchTap=…`) that the page does not define;
 * - `{{ }}` bindings whose top-level name is neither in the page's initial `data`, a loop variable
 *   in scope (a:for-item / a:for-index, default item / index) nor an import-sjs module;
 * - image paths that do not exist;
 * - components in usingComponents that do not resolve, and hyphenated tags that are not declared.
 * The page's `data` and methods come from running its bundled script once in `vm` with an inert
 * `my`/`dd`, so the check sees exactly what the runtime would get from `Page({...})`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { antdRoot, bundleForVm, readAppJson } from './mini-build';

export interface CheckProblem {
  /** File relative to the app folder. */
  file: string;
  line?: number;
  message: string;
}

// ---- AXML parsing ----

export interface AxmlAttribute {
  name: string;
  value: string;
  line: number;
}

export interface AxmlElement {
  tag: string;
  attributes: AxmlAttribute[];
  children: AxmlElement[];
  /** `{{ }}` expressions in the text directly inside this element. */
  textBindings: { expression: string; line: number }[];
  /** Children and text in document order (what a renderer needs; the check reads `children`). */
  nodes: (AxmlElement | { text: string; line: number })[];
  line: number;
}

/**
 * A strict parser for AXML: elements, quoted attributes, comments and text with `{{ }}` (which may
 * hold `<` and `>`). Problems are reported, not thrown; the tree is as far as it could be read.
 */
export function parseAxml(source: string): { root: AxmlElement; problems: { line: number; message: string }[] } {
  const problems: { line: number; message: string }[] = [];
  const root: AxmlElement = { tag: '#root', attributes: [], children: [], textBindings: [], nodes: [], line: 1 };
  const stack: AxmlElement[] = [root];
  let i = 0;
  let line = 1;
  const advance = (to: number) => {
    for (let k = i; k < to; k++) if (source[k] === '\n') line++;
    i = to;
  };
  const readBindings = (text: string, at: number, into: { expression: string; line: number }[]) => {
    let cursor = 0;
    let lineAt = at;
    while (true) {
      const open = text.indexOf('{{', cursor);
      if (open < 0) break;
      const close = text.indexOf('}}', open + 2);
      lineAt = at + (text.slice(0, open).match(/\n/g)?.length ?? 0);
      if (close < 0) {
        problems.push({ line: lineAt, message: '"{{" without a closing "}}"' });
        break;
      }
      into.push({ expression: text.slice(open + 2, close), line: lineAt });
      cursor = close + 2;
    }
  };
  while (i < source.length) {
    if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i + 4);
      if (end < 0) {
        problems.push({ line, message: 'comment without "-->"' });
        break;
      }
      advance(end + 3);
      continue;
    }
    if (source[i] === '<') {
      if (source[i + 1] === '/') {
        const m = /^<\/([A-Za-z][\w:-]*)\s*>/.exec(source.slice(i));
        if (!m) {
          problems.push({ line, message: 'malformed closing tag' });
          advance(i + 2);
          continue;
        }
        const top = stack[stack.length - 1]!;
        if (stack.length === 1) problems.push({ line, message: `closing </${m[1]}> without an opening tag` });
        else if (top.tag !== m[1]) problems.push({ line, message: `</${m[1]}> closes <${top.tag}> opened on line ${top.line}` });
        else stack.pop();
        advance(i + m[0].length);
        continue;
      }
      const nameMatch = /^<([A-Za-z][\w:-]*)/.exec(source.slice(i));
      if (!nameMatch) {
        problems.push({ line, message: 'a "<" that starts no tag (write &lt; in text)' });
        advance(i + 1);
        continue;
      }
      const element: AxmlElement = { tag: nameMatch[1]!, attributes: [], children: [], textBindings: [], nodes: [], line };
      advance(i + nameMatch[0].length);
      let closed = false;
      let selfClosing = false;
      while (i < source.length) {
        const ws = /^\s*/.exec(source.slice(i))![0];
        advance(i + ws.length);
        if (source.startsWith('/>', i)) {
          selfClosing = true;
          closed = true;
          advance(i + 2);
          break;
        }
        if (source[i] === '>') {
          closed = true;
          advance(i + 1);
          break;
        }
        const attr = /^([A-Za-z_:@][\w:.-]*)(\s*=\s*)?/.exec(source.slice(i));
        if (!attr) {
          problems.push({ line, message: `unexpected "${source[i]}" in <${element.tag}>` });
          break;
        }
        const attrLine = line;
        advance(i + attr[0].length);
        let value = 'true';
        if (attr[2]) {
          const quote = source[i];
          if (quote !== '"' && quote !== "'") {
            problems.push({ line, message: `attribute ${attr[1]} of <${element.tag}> is not quoted` });
            break;
          }
          const end = source.indexOf(quote, i + 1);
          if (end < 0) {
            problems.push({ line, message: `attribute ${attr[1]} of <${element.tag}> is not closed` });
            advance(source.length);
            break;
          }
          value = source.slice(i + 1, end);
          advance(end + 1);
        }
        if (element.attributes.some((a) => a.name === attr[1])) problems.push({ line: attrLine, message: `attribute ${attr[1]} repeated in <${element.tag}>` });
        element.attributes.push({ name: attr[1]!, value, line: attrLine });
      }
      if (!closed) {
        problems.push({ line: element.line, message: `<${element.tag}> is not closed with ">"` });
        break;
      }
      stack[stack.length - 1]!.children.push(element);
      stack[stack.length - 1]!.nodes.push(element);
      if (!selfClosing) stack.push(element);
      continue;
    }
    // Text up to the next tag, skipping over {{ }} which may contain < and >.
    let end = i;
    while (end < source.length && source[end] !== '<') {
      if (source.startsWith('{{', end)) {
        const close = source.indexOf('}}', end + 2);
        end = close < 0 ? source.length : close + 2;
      } else end++;
    }
    readBindings(source.slice(i, end), line, stack[stack.length - 1]!.textBindings);
    stack[stack.length - 1]!.nodes.push({ text: source.slice(i, end), line });
    advance(end);
  }
  for (const open of stack.slice(1)) problems.push({ line: open.line, message: `<${open.tag}> opened on line ${open.line} is never closed` });
  return { root, problems };
}

// ---- bindings ----

const NOT_NAMES = new Set(['true', 'false', 'null', 'undefined', 'typeof', 'instanceof', 'in', 'new', 'this', 'void', 'NaN', 'Infinity']);

/**
 * The top-level names an expression reads: `a.b[c] ? d : 'e'` → a, c, d. Member names after a dot
 * and object-literal keys are not top-level; string literals are skipped.
 */
export function topLevelNames(expression: string): string[] {
  const code = expression.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, '""');
  const names: string[] = [];
  const re = /[A-Za-z_$][\w$]*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(code))) {
    const before = code.slice(0, m.index).trimEnd();
    const after = code.slice(m.index + m[0].length).trimStart();
    if (before.endsWith('.') && !before.endsWith('...')) continue;
    if (/\d$/.test(code.slice(0, m.index))) continue; // the exponent or unit of a number: 1e3
    if (after.startsWith(':') && (before.endsWith('{') || before.endsWith(','))) continue;
    if (NOT_NAMES.has(m[0])) continue;
    names.push(m[0]);
  }
  return names;
}

function bindingsOf(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/\{\{([\s\S]*?)\}\}/g)) out.push(m[1]!);
  return out;
}

// ---- the page's runtime options ----

interface PageShape {
  dataKeys: Set<string>;
  methods: Set<string>;
}

/** Bundles every page at once; a page that does not compile is bundled alone to name its error. */
async function pageScripts(appDir: string, pages: readonly string[]): Promise<Map<string, string | Error>> {
  try {
    return await bundleForVm(appDir, pages);
  } catch {
    const scripts = new Map<string, string | Error>();
    for (const page of pages) {
      try {
        scripts.set(page, (await bundleForVm(appDir, [page])).get(page)!);
      } catch (error) {
        scripts.set(page, error instanceof Error ? error : new Error(String(error)));
      }
    }
    return scripts;
  }
}

/** Runs the page's script with inert platform globals and returns what it passed to Page(). */
function pageShape(page: string, code: string | Error | undefined): PageShape | string {
  if (code === undefined) return 'index.ts was not bundled';
  if (code instanceof Error) return `index.ts does not compile: ${code.message.split('\n').slice(0, 2).join(' ')}`;
  const inert: unknown = new Proxy(() => undefined, {
    get: (_target, key) => (key === 'getStorageSync' ? () => ({ data: undefined }) : inert),
    apply: () => undefined,
  });
  let options: Record<string, unknown> | undefined;
  const context = vm.createContext({
    my: inert,
    dd: inert,
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    Page: (o: Record<string, unknown>) => {
      options = o;
    },
    Component: () => undefined,
    App: () => undefined,
    getApp: () => ({}),
    getCurrentPages: () => [],
  });
  try {
    new vm.Script(code, { filename: `${page}.js` }).runInContext(context);
  } catch (error) {
    return `index.ts throws when loaded: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (!options) return 'index.ts never calls Page({...})';
  const data = (options.data ?? {}) as Record<string, unknown>;
  const methods = new Set(Object.keys(options).filter((k) => typeof options![k] === 'function'));
  return { dataKeys: new Set(Object.keys(data)), methods };
}

// ---- the check ----

/** Native components whose names contain a hyphen. */
const NATIVE_HYPHENATED = new Set([
  'import-sjs', 'scroll-view', 'cover-view', 'cover-image', 'movable-view', 'movable-area', 'rich-text',
  'picker-view', 'picker-view-column', 'web-view', 'radio-group', 'checkbox-group', 'page-meta',
  'root-portal', 'match-media', 'page-container', 'share-element', 'native-component', 'lifestyle',
]);

const IMAGE_TAGS = new Set(['image', 'cover-image']);

function resolveComponent(appDir: string, pageDir: string, path: string): string | undefined {
  if (path.startsWith('antd-mini/')) return join(antdRoot(), path.slice('antd-mini/'.length));
  if (path.startsWith('/')) return join(appDir, path);
  if (path.startsWith('.')) return resolve(pageDir, path);
  return undefined;
}

/** Checks one mini-program folder; an empty list means it passed. */
export async function checkMiniApp(appDirInput: string): Promise<CheckProblem[]> {
  const appDir = resolve(appDirInput);
  const problems: CheckProblem[] = [];
  if (!existsSync(join(appDir, 'app.json'))) return [{ file: 'app.json', message: 'app.json is missing' }];
  let pages: string[];
  try {
    pages = readAppJson(appDir).pages;
  } catch (error) {
    return [{ file: 'app.json', message: `app.json is not valid JSON: ${String(error)}` }];
  }
  if (!Array.isArray(pages) || pages.length === 0) return [{ file: 'app.json', message: 'app.json lists no pages' }];
  if (!existsSync(join(appDir, 'app.ts'))) problems.push({ file: 'app.ts', message: 'app.ts is missing' });
  const runnable = pages.filter((page) => existsSync(join(appDir, `${page}.axml`)) && existsSync(join(appDir, `${page}.ts`)));
  const scripts = await pageScripts(appDir, runnable);
  const seen = new Set<string>();
  for (const page of pages) {
    if (seen.has(page)) problems.push({ file: 'app.json', message: `page ${page} is listed twice` });
    seen.add(page);
    const missing = ['axml', 'acss', 'json', 'ts'].filter((ext) => !existsSync(join(appDir, `${page}.${ext}`)));
    if (missing.length > 0) {
      problems.push({ file: 'app.json', message: `page ${page} lacks ${missing.map((ext) => `${page.split('/').pop()}.${ext}`).join(', ')}` });
      if (missing.includes('axml') || missing.includes('ts')) continue;
    }
    problems.push(...checkPage(appDir, page, scripts.get(page)));
  }
  return problems;
}

function checkPage(appDir: string, page: string, script: string | Error | undefined): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const axmlFile = `${page}.axml`;
  const pageDir = dirname(join(appDir, page));
  const report = (file: string, message: string, line?: number) => problems.push({ file, message, ...(line ? { line } : {}) });

  let usingComponents: Record<string, string> = {};
  if (existsSync(join(appDir, `${page}.json`))) {
    try {
      const json = JSON.parse(readFileSync(join(appDir, `${page}.json`), 'utf8')) as { usingComponents?: Record<string, string> };
      usingComponents = json.usingComponents ?? {};
    } catch {
      report(`${page}.json`, 'not valid JSON');
    }
  }
  for (const [tag, path] of Object.entries(usingComponents)) {
    const target = resolveComponent(appDir, pageDir, path);
    if (!target || !existsSync(`${target}.json`)) report(`${page}.json`, `component <${tag}> at "${path}" does not exist`);
  }

  const { root, problems: syntax } = parseAxml(readFileSync(join(appDir, axmlFile), 'utf8'));
  for (const p of syntax) report(axmlFile, `AXML is not well formed: ${p.message}`, p.line);

  const shape = pageShape(page, script);
  if (typeof shape === 'string') {
    report(`${page}.ts`, shape);
    return problems;
  }

  const sjsModules = new Set<string>();
  const collectSjs = (el: AxmlElement) => {
    if (el.tag === 'import-sjs') {
      const name = el.attributes.find((a) => a.name === 'name')?.value;
      if (name) sjsModules.add(name);
    }
    el.children.forEach(collectSjs);
  };
  collectSjs(root);

  const checkExpression = (expression: string, scope: Set<string>, line: number) => {
    for (const name of topLevelNames(expression)) {
      if (!shape.dataKeys.has(name) && !scope.has(name) && !sjsModules.has(name)) {
        report(axmlFile, `{{${expression.trim()}}} reads "${name}", which is not in the page's data nor a loop variable`, line);
      }
    }
  };

  const visit = (el: AxmlElement, scope: Set<string>) => {
    const attr = (name: string) => el.attributes.find((a) => a.name === name);
    const forAttr = attr('a:for');
    // The a:for list is read in the outer scope; the element itself and its children see the loop names.
    let inner = scope;
    if (forAttr) {
      for (const expression of bindingsOf(forAttr.value)) checkExpression(expression, scope, forAttr.line);
      inner = new Set(scope);
      inner.add(attr('a:for-item')?.value ?? 'item');
      inner.add(attr('a:for-index')?.value ?? 'index');
    }
    if (el.tag.includes('-') && !NATIVE_HYPHENATED.has(el.tag) && usingComponents[el.tag] === undefined) {
      report(axmlFile, `<${el.tag}> is not declared in usingComponents`, el.line);
    }
    for (const a of el.attributes) {
      if (a === forAttr || a.name === 'a:for-item' || a.name === 'a:for-index') continue;
      if (/^(on|catch)[A-Z]/.test(a.name) && !a.value.includes('{{')) {
        if (!shape.methods.has(a.value)) report(axmlFile, `${a.name}="${a.value}" names a handler the page does not define`, a.line);
        continue;
      }
      for (const expression of bindingsOf(a.value)) checkExpression(expression, inner, a.line);
      if (IMAGE_TAGS.has(el.tag) && a.name === 'src' && !a.value.includes('{{') && !/^(https?:|data:)/.test(a.value)) {
        const file = a.value.startsWith('/') ? join(appDir, a.value) : resolve(pageDir, a.value);
        if (!existsSync(file)) report(axmlFile, `image "${a.value}" does not exist`, a.line);
      }
    }
    for (const binding of el.textBindings) checkExpression(binding.expression, inner, binding.line);
    for (const child of el.children) visit(child, inner);
  };
  visit(root, new Set());
  return problems;
}

/** Readable lines for a list of problems. */
export function formatProblems(appDir: string, problems: readonly CheckProblem[]): string {
  return problems.map((p) => `${join(appDir, p.file)}${p.line ? `:${p.line}` : ''}  ${p.message}`).join('\n');
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const dirs = process.argv.slice(2);
  const targets = dirs.length > 0 ? dirs : ['mini-program/resident'];
  let failed = false;
  for (const dir of targets) {
    const problems = await checkMiniApp(dir);
    if (problems.length === 0) console.log(`${dir}: every page passes`);
    else {
      failed = true;
      console.error(`${dir}: ${problems.length} problem(s)\n${formatProblems(relative(process.cwd(), resolve(dir)), problems)}`);
    }
  }
  process.exit(failed ? 1 : 0);
}
