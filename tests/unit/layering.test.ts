/**
 * The layering rule: use cases in functions/core speak only to port interfaces. No file under
 * functions/core imports the AWS SDK, middy or an adapter (functions/adapters implements the ports;
 * functions/wiring/ plugs them in).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = process.cwd();
const CORE = join(ROOT, 'functions/core');
const ADAPTERS = join(ROOT, 'functions/adapters');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mts|js|mjs)$/.test(name) ? [path] : [];
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

/** Why `specifier`, imported by `file`, breaks the rule; undefined when it does not. */
export function violation(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('@aws-sdk/')) return 'the AWS SDK';
  if (specifier.startsWith('@middy/')) return 'middy';
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    if (target === ADAPTERS || target.startsWith(`${ADAPTERS}/`)) return 'an adapter';
  }
  return undefined;
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
    const files = sources(CORE);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((file) =>
      specifiers(readFileSync(file, 'utf8')).flatMap((specifier) => {
        const why = violation(file, specifier);
        return why ? [`${relative(ROOT, file)} imports ${why}: ${specifier}`] : [];
      }),
    );
    expect(offenders).toEqual([]);
  });
});
