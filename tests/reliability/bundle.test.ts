import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { build, type Plugin } from 'esbuild';
import { bundleHandler, markers, SANDBOX_PROVIDER_CODE } from '../../scripts/reliability/bundle';
import { sandboxDefine } from '../../functions/adapters/sandbox';

const { lambdaPlugins } = createRequire(import.meta.url)('../../scripts/lib/esbuild-plugins.cjs') as { lambdaPlugins: () => Plugin[] };

// The sign-in handlers: the only ones that reach the sandbox identity providers.
const SIGN_IN_HANDLERS = ['functions/http/resident-sessions/handler.ts', 'functions/http/inspector-sessions/handler.ts'];

describe('sandbox identity providers in the bundles (fast subset)', () => {
  test.each(SIGN_IN_HANDLERS)('%s: compiled out for prod, compiled in for review', async (entry) => {
    const [prod, review] = await Promise.all([bundleHandler(entry, 'prod'), bundleHandler(entry, 'review')]);
    // The marker finds the providers where they must be (else the prod check would prove nothing)…
    expect(SANDBOX_PROVIDER_CODE.test(review)).toBe(true);
    // …and nothing of them, nor any other forbidden content, in the prod bundle.
    expect(markers(undefined).filter((m) => m.test(prod)).map((m) => m.what)).toEqual([]);
    // The refusal stays: prod answers a sandbox sign-in with a 403.
    expect(prod).toMatch(/provider === "sandbox"/);
  }, 60_000);
});

describe('zod in the bundles', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

  // `import { z } from 'zod'` binds zod's re-exported namespace, which esbuild keeps whole (~100 KB
  // more in every function); `import * as z from 'zod'` lets it keep only what the schemas use.
  test('backend code imports zod as a namespace, never the named `z`', () => {
    const named = ['functions', 'shared'].flatMap(sources).filter((f) => /^import \{[^}]*\bz\b[^}]*\} from 'zod'/m.test(readFileSync(f, 'utf8')));
    expect(named).toEqual([]);
  });

  test('the verify function carries only part of zod, with its Chinese messages', async () => {
    // As serverless.ts builds it: minified, the runtime's SDK left out, with the Lambda plugins.
    const out = await build({
      entryPoints: ['functions/http/inspector-verifications/handler.ts'], bundle: true, write: false, minify: true, format: 'esm', platform: 'node', target: 'node22',
      external: ['@aws-sdk/*', '@smithy/*'], define: sandboxDefine('prod'), plugins: lambdaPlugins(), logLevel: 'silent',
    });
    const prod = out.outputFiles.map((f) => f.text).join('\n');
    // esbuild writes non-ASCII text as \u escapes.
    const has = (text: string) => prod.includes([...text].map((c) => (c.charCodeAt(0) < 128 ? c : `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)).join(''));
    // zh-CN's wording is there (the error map falls back to it) and ours, and no other locale but zod's default English.
    expect({ zhCN: has('无效输入'), ours: has('不支持的字段'), es: has('Entrada inválida'), de: has('Ungültige Eingabe') }).toEqual({ zhCN: true, ours: true, es: false, de: false });
    // Parts of zod no schema here uses, kept only by the named `z` import: reading JSON Schema back into zod.
    expect({ fromJsonSchema: /\$dynamicAnchor/.test(prod) }).toEqual({ fromJsonSchema: false });
  }, 60_000);
});
