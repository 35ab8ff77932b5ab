'use strict';
/**
 * esbuild plugins of the Lambda bundles (serverless.ts `custom.esbuild.plugins`, the bench and the
 * bundle tests). CommonJS because serverless-esbuild loads this file with `require`.
 */
const path = require('node:path');

/**
 * zod's namespace re-exports every locale (`z.locales`, `z.core.locales`, `zod/locales`), and a
 * namespace used as a value cannot be tree-shaken: 40-odd languages, about 250 KB minified, in every
 * bundle. The messages people read are Chinese (shared/api/errors.ts installs zh-CN under our own
 * map), and English is zod's built-in default, so the locale index resolves to those two alone.
 * Any other locale name is then undefined at build time too: tsc still sees zod's full types.
 */
function zodChineseLocalesOnly() {
  return {
    name: 'zod-chinese-locales-only',
    setup(build) {
      // The locale index as zod's own modules reach it, and as `zod/locales` (our errors module) does.
      build.onResolve({ filter: /^zod(\/v4)?\/locales$|^\.\.?\/(.*\/)?locales\/index\.js$/ }, async (args) => {
        if (args.path.startsWith('.') && !/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
        const zodEntry = await build.resolve('zod/package.json', { kind: 'require-call', resolveDir: args.resolveDir || process.cwd() });
        if (zodEntry.errors.length) return undefined;
        return { path: path.join(path.dirname(zodEntry.path), 'v4', 'locales'), namespace: 'zod-locales' };
      });
      build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
        contents: 'export { default as zhCN } from "./zh-CN.js";\nexport { default as en } from "./en.js";\n',
        resolveDir: args.path,
        loader: 'js',
      }));
    },
  };
}

/** The plugins every Lambda bundle is built with. */
function lambdaPlugins() {
  return [zodChineseLocalesOnly()];
}

module.exports = lambdaPlugins();
module.exports.zodChineseLocalesOnly = zodChineseLocalesOnly;
module.exports.lambdaPlugins = lambdaPlugins;
