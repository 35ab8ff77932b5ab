/**
 * The layering rules: use cases in functions/core speak only to port interfaces. No file under
 * functions/core imports the AWS SDK, middy or an adapter (functions/adapters implements the ports;
 * functions/wiring/ plugs them in). Nothing under scripts/ imports tests/ (tests may import the scripts
 * they test). No module of the product, scripts or tools imports itself round a loop. The
 * mini-programs' rule is tests/mini/layering.test.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = process.cwd();
const CORE = join(ROOT, 'functions/core');
const ADAPTERS = join(ROOT, 'functions/adapters');
const SCRIPTS = join(ROOT, 'scripts');
const TESTS = join(ROOT, 'tests');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mts|cts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier of a source: static imports and re-exports, side-effect imports, import() and require(). */
export function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

/** Where a relative specifier of `file` points. Specifiers are relative throughout this repository (no path aliases). */
const target = (file: string, specifier: string) => resolve(dirname(file), specifier);
const inside = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

/** Why `specifier`, imported by `file` under functions/core, breaks the rule; undefined when it does not. */
export function violation(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('@aws-sdk/')) return 'the AWS SDK';
  if (specifier.startsWith('@middy/')) return 'middy';
  if (specifier.startsWith('.')) {
    if (inside(target(file, specifier), ADAPTERS)) return 'an adapter';
  }
  return undefined;
}

/** Whether `specifier`, imported by `file` under scripts/, reaches into tests/. */
export function reachesTests(file: string, specifier: string): boolean {
  return specifier.startsWith('.') && inside(target(file, specifier), TESTS);
}

function offenders(dir: string, why: (file: string, specifier: string) => string | undefined): string[] {
  return sources(dir).flatMap((file) =>
    specifiers(readFileSync(file, 'utf8')).flatMap((specifier) => {
      const reason = why(file, specifier);
      return reason ? [`${relative(ROOT, file)} imports ${reason}: ${specifier}`] : [];
    }),
  );
}

describe('layering: functions/core imports no AWS SDK, no middy and no adapter', () => {
  test('the detector finds each kind of import', () => {
    const file = join(CORE, 'resident/example.ts');
    const snippet = [
      "import { GetCommand } from '@aws-sdk/lib-dynamodb';",
      "import type { Clock } from '../../adapters/clock';",
      "export { keys } from '../../adapters/keys';",
      "const m = await import('../../adapters/sandbox');",
      "import middy from '@middy/core';",
      "import { shanghaiDay } from '../../../shared/time';",
      "import type { HolderStore } from '../holder-state';",
    ].join('\n');
    const found = specifiers(snippet).map((s) => violation(file, s)).filter(Boolean);
    expect(found).toEqual(['the AWS SDK', 'an adapter', 'an adapter', 'middy', 'an adapter']);
  });

  test('no file under functions/core breaks the rule', () => {
    expect(sources(CORE).length).toBeGreaterThan(20);
    expect(offenders(CORE, violation)).toEqual([]);
  });
});

describe('layering: nothing under scripts/ imports tests/', () => {
  test('the detector finds each kind of import into tests/, and only those', () => {
    const file = join(SCRIPTS, 'bench/example.ts');
    const snippet = [
      "import { httpEvent } from '../../tests/support/events';",
      "const s = await import('../../tests/mini/inspector/support');",
      "export * from '../../tests/support/http';",
      "const r = require('../../tests/support/eventually');",
      "import { httpEvent as e } from '../lib/lambda-events';",
      "import { createDingTalkApp } from '../../tools/mini-harness/dingtalk';",
      "import { keys } from '../../functions/adapters/keys';",
      "import { lots } from '../../testsuite/other';",
    ].join('\n');
    expect(specifiers(snippet).filter((s) => reachesTests(file, s))).toEqual([
      '../../tests/support/events',
      '../../tests/support/http',
      '../../tests/mini/inspector/support',
      '../../tests/support/eventually',
    ]);
  });

  test('no file under scripts/ imports from tests/', () => {
    expect(sources(SCRIPTS).length).toBeGreaterThan(40);
    expect(offenders(SCRIPTS, (file, specifier) => (reachesTests(file, specifier) ? 'a test file' : undefined))).toEqual([]);
  });
});

/** The file a relative specifier names: TypeScript sources are imported without extension, or as `.js`. */
function resolveModule(file: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = target(file, specifier);
  const stem = base.replace(/\.(m|c)?js$/, '');
  return [base, `${stem}.ts`, `${stem}.tsx`, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')].find((p) => files.has(p));
}

/** The groups of files that import each other, directly or round a loop (Tarjan's strongly connected components). */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

describe('layering: no two modules import each other, directly or round a loop', () => {
  test('the detector finds a loop of three and a pair, and not a chain', () => {
    const graph = new Map([
      ['a', ['b']], ['b', ['c']], ['c', ['a']],
      ['d', ['e']], ['e', ['d', 'f']], ['f', []],
      ['g', ['h']], ['h', []],
    ]);
    expect(importCycles(graph).map((g) => g.join(' ')).sort()).toEqual(['a b c', 'd e']);
  });

  test('the product, its scripts and tools have no import cycle (type imports included: a newcomer reads them as dependencies too)', () => {
    const roots = ['functions', 'shared', 'scripts', 'tools', 'mini-program', 'console/src'].map((d) => join(ROOT, d));
    const files = roots.flatMap((dir) => sources(dir).concat(readdirSync(dir, { recursive: true }).map(String).filter((n) => n.endsWith('.tsx')).map((n) => join(dir, n))));
    const known = new Set(files);
    const graph = new Map(files.map((file) => [file, specifiers(readFileSync(file, 'utf8')).flatMap((s) => resolveModule(file, s, known) ?? [])]));
    expect(graph.size).toBeGreaterThan(300);
    expect(importCycles(graph).map((group) => group.map((f) => relative(ROOT, f)).join(' ↔ '))).toEqual([]);
  });
});
